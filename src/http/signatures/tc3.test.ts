/**
 * TC3-HMAC-SHA256 against vectors made by Tencent's own signer (tencentcloud-sdk-nodejs `Sign.sign3`), with the
 * headers the SDK sends next to it (`Host: name:port` while the signature covers the name only).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import signModule from 'tencentcloud-sdk-nodejs/tencentcloud/common/sign.js';
import { ACCESS_KEY_ID as SECRET_ID, ACCESS_KEY_SECRET as SECRET_KEY, codeOf, hashedBody } from '../../../test/helpers/signature-vectors.ts';
import type { SignedBody, SignedRequest } from './signed-request.ts';
import { tc3 } from './tc3.ts';

// The module is CommonJS with `exports.default = Sign`.
const Sign = (signModule as unknown as { default: { sign3(options: Record<string, unknown>): string } }).default;

interface Call {
  readonly url?: string;
  readonly method?: 'POST' | 'GET';
  readonly action?: string;
  readonly payload?: Record<string, unknown>;
  readonly timestamp?: number;
  readonly service?: string;
  readonly secret?: string;
}

function signedBySdk(call: Call = {}): { request: SignedRequest; body: SignedBody } {
  const url = call.url ?? 'http://127.0.0.1:39001/';
  const method = call.method ?? 'POST';
  const timestamp = call.timestamp ?? Math.floor(Date.now() / 1000);
  const payload = call.payload ?? { RegistryId: 'tcr-1', Namespace: 'shop', TriggerName: 'deploy-web' };
  const body = method === 'POST' ? JSON.stringify(payload) : '';
  const headers: Record<string, string> = {
    'Content-Type': method === 'POST' ? 'application/json' : 'application/x-www-form-urlencoded',
  };
  const authorization = Sign.sign3({
    method, url, payload: method === 'POST' ? payload : '', timestamp, service: call.service ?? '127',
    secretId: SECRET_ID, secretKey: call.secret ?? SECRET_KEY, multipart: false, headers,
  });
  const parsed = new URL(url);
  return {
    request: {
      method, rawPath: parsed.pathname, rawQuery: parsed.search.slice(1),
      headers: {
        host: parsed.host, 'content-type': headers['Content-Type'], 'x-tc-action': call.action ?? 'CreateApplicationTriggerPersonal',
        'x-tc-timestamp': String(timestamp), 'x-tc-version': '2019-09-24', authorization,
      },
    },
    body: hashedBody(body),
  };
}

describe('TC3-HMAC-SHA256', () => {
  test('verifies the SDK\'s signature although it signed the host without the port it sent', () => {
    const { request, body } = signedBySdk();
    const claim = tc3.fromHead(request);
    assert.ok(claim);
    assert.equal(claim.accessKeyId, SECRET_ID);
    assert.equal(codeOf(() => claim.verify(SECRET_KEY, body)), 'ok');
  });

  test('takes the service from the credential scope as sent (the SDK derives it from the endpoint host)', () => {
    for (const service of ['tcr', '127', 'capstan', 'localhost:39001']) {
      const { request, body } = signedBySdk({ service, url: 'http://capstan.internal:8443/' });
      assert.equal(codeOf(() => tc3.fromHead(request)?.verify(SECRET_KEY, body)), 'ok', service);
    }
  });

  test('verifies a GET with a query string, and a host on the default port', () => {
    const { request, body } = signedBySdk({ method: 'GET', url: 'https://tcr.capstan.example/?Limit=10&Offset=0' });
    assert.equal(codeOf(() => tc3.fromHead(request)?.verify(SECRET_KEY, body)), 'ok');
  });

  test('a wrong key, another body, another service in the scope, or another host fail with SIGNATURE_INVALID', () => {
    const { request, body } = signedBySdk();
    assert.equal(codeOf(() => tc3.fromHead(request)?.verify('capsk_wrong', body)), 'SIGNATURE_INVALID');
    const otherBody = { ...body, sha256Hex: hashedBody('{"TriggerName":"x"}').sha256Hex };
    assert.equal(codeOf(() => tc3.fromHead(request)?.verify(SECRET_KEY, otherBody)), 'SIGNATURE_INVALID');
    const auth = String(request.headers.authorization).replace('/127/', '/tcr/');
    assert.equal(codeOf(() => tc3.fromHead({ ...request, headers: { ...request.headers, authorization: auth } })?.verify(SECRET_KEY, body)), 'SIGNATURE_INVALID');
    assert.equal(codeOf(() => tc3.fromHead({ ...request, headers: { ...request.headers, host: 'evil.example:39001' } })?.verify(SECRET_KEY, body)), 'SIGNATURE_INVALID');
  });

  test('the scope date must be the UTC date of X-TC-Timestamp, which must be seconds', () => {
    const { request } = signedBySdk();
    const tomorrow = String(Number(request.headers['x-tc-timestamp']) + 86_400);
    assert.equal(codeOf(() => tc3.fromHead({ ...request, headers: { ...request.headers, 'x-tc-timestamp': tomorrow } })), 'SIGNATURE_INVALID');
    assert.equal(codeOf(() => tc3.fromHead({ ...request, headers: { ...request.headers, 'x-tc-timestamp': 'soon' } })), 'SIGNATURE_INVALID');
  });

  test('the claim\'s signing time is X-TC-Timestamp; state-changing actions are replay-protected, Describe… are not', () => {
    const timestamp = Math.floor(Date.now() / 1000) - 3600;
    const create = signedBySdk({ timestamp });
    const claim = tc3.fromHead(create.request);
    assert.equal(claim?.signedAtMs, timestamp * 1000);
    assert.match(String(claim?.verify(SECRET_KEY, create.body)), /^signature:[0-9a-f]{64}:CreateApplicationTriggerPersonal$/);
    const describe = signedBySdk({ action: 'DescribeApplicationTriggerPersonal' });
    assert.equal(tc3.fromHead(describe.request)?.verify(SECRET_KEY, describe.body), null);
  });

  test('malformed credentials are SIGNATURE_INVALID; other schemes are not claimed', () => {
    const { request } = signedBySdk();
    const withAuth = (authorization: string) => ({ ...request, headers: { ...request.headers, authorization } });
    assert.equal(codeOf(() => tc3.fromHead(withAuth('TC3-HMAC-SHA256 Credential=AKID/2024-01-01/cvm, SignedHeaders=content-type;host, Signature=00'))), 'SIGNATURE_INVALID');
    assert.equal(codeOf(() => tc3.fromHead(withAuth(String(request.headers.authorization).replace('content-type;host', 'host')))), 'SIGNATURE_INVALID');
    assert.equal(tc3.fromHead(withAuth('Bearer cap_x')), null);
  });
});
