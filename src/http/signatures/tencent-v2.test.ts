/**
 * Tencent API 2.0 signatures (HmacSHA1 / HmacSHA256 `Signature` parameter) against parameters signed by the
 * official SDK itself: tencentcloud-sdk-nodejs builds and signs them in `formatRequestData` when the client's
 * signMethod is HmacSHA1 or HmacSHA256; they are then sent as a form body (POST) or query (GET), as the SDK does.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { stringify } from 'node:querystring';
import { describe, test } from 'node:test';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import { ACCESS_KEY_ID as SECRET_ID, ACCESS_KEY_SECRET as SECRET_KEY, codeOf } from '../../../test/helpers/signature-vectors.ts';
import type { SignedBody, SignedRequest } from './signed-request.ts';
import { tencentV2 } from './tencent-v2.ts';

type Params = Record<string, string | number>;

interface SdkInternals {
  path: string;
  mergeData(data: unknown): Params;
  formatRequestData(action: string, params: Params): Promise<Params>;
}

/** Parameters exactly as the SDK signs them for `action` on `endpoint` + `/v2/index.php`. */
async function sdkParams(signMethod: 'HmacSHA1' | 'HmacSHA256', reqMethod: 'GET' | 'POST', req: object, secretKey = SECRET_KEY): Promise<Params> {
  const client = new tencentcloud.tcr.v20190924.Client({
    credential: { secretId: SECRET_ID, secretKey }, region: 'ap-guangzhou',
    profile: { signMethod, httpProfile: { endpoint: '127.0.0.1:39001', reqMethod } },
  }) as unknown as SdkInternals;
  client.path = '/v2/index.php';
  return client.formatRequestData('CreateUpdateServiceTrigger', client.mergeData(req));
}

function received(method: 'GET' | 'POST', params: Params): { request: SignedRequest; body: SignedBody } {
  const encoded = stringify(params);
  const bytes = method === 'POST' ? Buffer.from(encoded) : Buffer.alloc(0);
  return {
    request: {
      method, rawPath: '/v2/index.php', rawQuery: method === 'GET' ? encoded : '',
      headers: { host: '127.0.0.1:39001', ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    },
    body: { sha256Hex: createHash('sha256').update(bytes).digest('hex'), bytes, empty: bytes.length === 0 },
  };
}

function claimOf(method: 'GET' | 'POST', params: Params) {
  const { request, body } = received(method, params);
  const claim = method === 'GET' ? tencentV2.fromHead(request) : tencentV2.body?.fromBody(request, body.bytes ?? Buffer.alloc(0));
  assert.ok(claim);
  return { claim, body, request };
}

const REQ = { namespace: 'shop', repoName: 'shop/web', trigger: { name: 'deploy web', condition: '.*', tags: ['v1', 'v2 beta'] } };

describe('Tencent API 2.0 signatures', () => {
  for (const signMethod of ['HmacSHA1', 'HmacSHA256'] as const) {
    for (const method of ['GET', 'POST'] as const) {
      test(`verifies ${signMethod} as the SDK signs it, sent as ${method === 'GET' ? 'a query' : 'a form body'}`, async () => {
        const params = await sdkParams(signMethod, method, REQ);
        const { claim, body } = claimOf(method, params);
        assert.equal(claim.accessKeyId, SECRET_ID);
        assert.equal(claim.signedAtMs, Number(params.Timestamp) * 1000);
        assert.equal(claim.verify(SECRET_KEY, body), `nonce:${params.Timestamp}:${params.Nonce}`);
      });
    }
  }

  test('a POST names its credentials in the body: the head claims nothing, a form POST may carry them', () => {
    const { request } = received('POST', { Action: 'X' });
    assert.equal(tencentV2.fromHead(request), null);
    assert.equal(tencentV2.body?.mayCarryClaim(request), true);
    assert.equal(tencentV2.body?.mayCarryClaim({ ...request, headers: { 'content-type': 'application/json' } }), false);
  });

  test('a wrong key, a changed or added parameter, or a repeated parameter fail with SIGNATURE_INVALID', async () => {
    const params = await sdkParams('HmacSHA256', 'GET', REQ);
    const verify = (p: Params, secret = SECRET_KEY, rawQuery?: string) => codeOf(() => {
      const { request, body } = received('GET', p);
      const r = rawQuery === undefined ? request : { ...request, rawQuery };
      tencentV2.fromHead(r)?.verify(secret, body);
    });
    assert.equal(verify(params), 'ok');
    assert.equal(verify(params, 'capsk_wrong'), 'SIGNATURE_INVALID');
    assert.equal(verify({ ...params, namespace: 'other' }), 'SIGNATURE_INVALID');
    assert.equal(verify({ ...params, extra: '1' }), 'SIGNATURE_INVALID');
    assert.equal(verify(params, SECRET_KEY, `${stringify(params)}&namespace=shop`), 'SIGNATURE_INVALID');
  });

  test('the Signature covers the path and the host (as sent, or without its port)', async () => {
    const params = await sdkParams('HmacSHA1', 'GET', REQ);
    const { request, body } = received('GET', params);
    assert.equal(codeOf(() => tencentV2.fromHead({ ...request, rawPath: '/v2/other.php' })?.verify(SECRET_KEY, body)), 'SIGNATURE_INVALID');
    assert.equal(codeOf(() => tencentV2.fromHead({ ...request, headers: { host: 'evil:39001' } })?.verify(SECRET_KEY, body)), 'SIGNATURE_INVALID');
  });

  test('missing or malformed Timestamp, Nonce, Signature or SignatureMethod are SIGNATURE_INVALID', async () => {
    const params = await sdkParams('HmacSHA256', 'GET', REQ);
    const cases: Params[] = [{ Timestamp: 'now' }, { Nonce: '' }, { Signature: '***' }, { SignatureMethod: 'MD5' }, { SecretId: '' }];
    for (const broken of cases) {
      const { request } = received('GET', { ...params, ...broken });
      assert.equal(codeOf(() => tencentV2.fromHead(request)), 'SIGNATURE_INVALID', JSON.stringify(broken));
    }
  });
});
