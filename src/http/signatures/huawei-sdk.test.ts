/**
 * SDK-HMAC-SHA256 against vectors made by Huawei's own signer (@huaweicloud/huaweicloud-sdk-core `AKSKSigner.sign`,
 * which every Huawei Node.js SDK client calls), on CodeArts StartDeployTask-shaped requests.
 */
import assert from 'node:assert/strict';
import { stringify } from 'node:querystring';
import { describe, test } from 'node:test';
import huawei from '@huaweicloud/huaweicloud-sdk-core';
import signerModule from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { huaweiSdk } from './huawei-sdk.ts';
import { ACCESS_KEY_ID as AK, ACCESS_KEY_SECRET as SK, codeOf, hashedBody } from '../../../test/helpers/signature-vectors.ts';
import type { SignedBody, SignedRequest } from './signed-request.ts';

const { AKSKSigner } = signerModule as unknown as { AKSKSigner: { sign(request: object, credential: object): Record<string, string> } };

interface Call {
  readonly method?: string;
  readonly path?: string;
  readonly query?: Record<string, string | string[]>;
  readonly data?: unknown;
  readonly headers?: Record<string, string>;
  readonly secret?: string;
}

function signedBySdk(call: Call = {}): { request: SignedRequest; body: SignedBody } {
  const path = call.path ?? '/v2/tasks/0123456789abcdef0123456789abcdef/start';
  const data = call.data === undefined && (call.method ?? 'POST') === 'POST' ? { params: [{ name: 'image', value: 'web:v2' }] } : call.data;
  const credential = new huawei.BasicCredentials().withAk(AK).withSk(call.secret ?? SK);
  const signed = AKSKSigner.sign({
    endpoint: `http://127.0.0.1:39001${path}`, method: call.method ?? 'POST', queryParams: call.query ?? {}, data,
    headers: { 'content-type': 'application/json', ...call.headers },
  }, credential);
  const headers = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), String(v)]));
  const body = data === undefined ? '' : JSON.stringify(data);
  return {
    request: { method: call.method ?? 'POST', rawPath: path, rawQuery: stringify(call.query ?? {}), headers },
    body: hashedBody(body),
  };
}

describe('SDK-HMAC-SHA256', () => {
  test('verifies StartDeployTask as the SDK signs it', () => {
    const { request, body } = signedBySdk();
    const claim = huaweiSdk.fromHead(request);
    assert.ok(claim);
    assert.equal(claim.accessKeyId, AK);
    assert.ok(Math.abs(claim.signedAtMs - Date.now()) < 2_000);
    assert.match(String(claim.verify(SK, body)), /^signature:[0-9a-f]{64}$/);
  });

  test('verifies a GET with a query needing encoding (repeated names, spaces, unicode); reads are not replay-protected', () => {
    const { request, body } = signedBySdk({
      method: 'GET', path: '/v2/history/tasks/0123456789abcdef0123456789abcdef/params',
      query: { record_id: 'r 1', page: '2', tag: ['b', 'a'], name: 'déploiement*' },
    });
    assert.equal(huaweiSdk.fromHead(request)?.verify(SK, body), null);
  });

  test('verifies a path whose segments need encoding, and UNSIGNED-PAYLOAD on a request without a body', () => {
    const { request, body } = signedBySdk({ method: 'DELETE', path: '/v2/tasks/task%20one', headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } });
    assert.equal(codeOf(() => huaweiSdk.fromHead(request)?.verify(SK, body)), 'ok');
  });

  test('UNSIGNED-PAYLOAD is refused when the request has a body', () => {
    const { request } = signedBySdk({ headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } });
    const body = hashedBody('{"x":1}');
    assert.throws(() => huaweiSdk.fromHead(request)?.verify(SK, body), /UNSIGNED-PAYLOAD is accepted only/);
  });

  test('a wrong SK, another body, path, query or signed header fail with SIGNATURE_INVALID', () => {
    const { request, body } = signedBySdk({ query: { a: '1' } });
    const verify = (r: SignedRequest, b = body, secret = SK) => codeOf(() => huaweiSdk.fromHead(r)?.verify(secret, b));
    assert.equal(verify(request), 'ok');
    assert.equal(verify(request, body, 'capsk_wrong'), 'SIGNATURE_INVALID');
    assert.equal(verify(request, { ...body, sha256Hex: hashedBody('{}').sha256Hex }), 'SIGNATURE_INVALID');
    assert.equal(verify({ ...request, rawPath: '/v2/tasks/ffffffffffffffffffffffffffffffff/start' }), 'SIGNATURE_INVALID');
    assert.equal(verify({ ...request, rawQuery: 'a=2' }), 'SIGNATURE_INVALID');
    assert.equal(verify({ ...request, headers: { ...request.headers, host: 'evil:39001' } }), 'SIGNATURE_INVALID');
    assert.equal(verify({ ...request, headers: { ...request.headers, 'x-sdk-date': '20200101T000000Z' } }), 'SIGNATURE_INVALID');
  });

  test('X-Sdk-Date is required in the basic format; other schemes are not claimed', () => {
    const { request } = signedBySdk();
    assert.equal(codeOf(() => huaweiSdk.fromHead({ ...request, headers: { ...request.headers, 'x-sdk-date': '2024-05-01T08:30:00Z' } })), 'SIGNATURE_INVALID');
    assert.equal(huaweiSdk.fromHead({ ...request, headers: { ...request.headers, authorization: 'Bearer cap_x' } }), null);
  });
});
