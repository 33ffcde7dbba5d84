/**
 * ACS3-HMAC-SHA256 against vectors made by Alibaba's own signer (@alicloud/openapi-core `getAuthorization`, the
 * function every Alibaba TypeScript SDK calls), sent the way the SDK sends them (query by `querystring`).
 */
import assert from 'node:assert/strict';
import { stringify } from 'node:querystring';
import { describe, test } from 'node:test';
import { OpenApiUtil } from '@alicloud/openapi-core';
import type { AppError } from '../../domain/errors.ts';
import { acs3 } from './acs3.ts';
import { ACCESS_KEY_ID as AK, ACCESS_KEY_SECRET as SK, codeOf, hashedBody } from '../../../test/helpers/signature-vectors.ts';
import type { SignedBody, SignedRequest } from './signed-request.ts';

interface Call {
  readonly method: string;
  readonly pathname: string;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly secret?: string;
  readonly headers?: Record<string, string>;
}

/** A request as the SDK builds and signs it, and as our server receives it. */
function signedBySdk(call: Call): { request: SignedRequest; body: SignedBody; headers: Record<string, string> } {
  const payload = call.body === undefined ? '' : JSON.stringify(call.body);
  const body = hashedBody(payload);
  const hash = body.sha256Hex;
  const headers: Record<string, string> = {
    host: '127.0.0.1:8080', 'x-acs-version': '2015-12-15', 'x-acs-action': 'CreateTrigger', 'user-agent': 'AlibabaCloud test',
    'x-acs-date': OpenApiUtil.getTimestamp(), 'x-acs-signature-nonce': OpenApiUtil.getNonce(), accept: 'application/json',
    ...(call.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'x-acs-content-sha256': hash,
    ...call.headers,
  };
  const sdkRequest = { method: call.method, pathname: call.pathname, query: call.query ?? {}, headers };
  headers.authorization = OpenApiUtil.getAuthorization(sdkRequest as never, 'ACS3-HMAC-SHA256', hash, AK, call.secret ?? SK);
  const rawQuery = call.query === undefined ? '' : stringify(call.query);
  return {
    request: { method: call.method, rawPath: call.pathname, rawQuery, headers },
    body,
    headers,
  };
}

describe('ACS3-HMAC-SHA256', () => {
  test('verifies CreateTrigger as the SDK signs it: POST with a JSON body', () => {
    const { request, body, headers } = signedBySdk({
      method: 'POST', pathname: '/clusters/c-1/triggers', body: { cluster_id: 'c-1', project_id: 'default/web', action: 'redeploy' },
    });
    const claim = acs3.fromHead(request);
    assert.ok(claim);
    assert.equal(claim.accessKeyId, AK);
    assert.ok(Math.abs(claim.signedAtMs - Date.now()) < 2_000);
    assert.equal(claim.verify(SK, body), `nonce:${headers['x-acs-signature-nonce']}`);
  });

  test('verifies a GET whose query needs encoding (spaces, plus, unicode, reserved characters, empty value)', () => {
    const query = { Name: 'web app+1', Namespace: 'défault', Type: "it's (a) *test*~", action: '', a: 'x/y?z&w=v' };
    const { request, body } = signedBySdk({ method: 'GET', pathname: '/clusters/c%201/triggers', query });
    assert.equal(acs3.fromHead(request)?.verify(SK, body), `nonce:${request.headers['x-acs-signature-nonce']}`);
  });

  test('verifies DeleteTrigger: DELETE without a body', () => {
    const { request, body } = signedBySdk({ method: 'DELETE', pathname: '/clusters/c-1/triggers/12' });
    assert.equal(codeOf(() => acs3.fromHead(request)?.verify(SK, body)), 'ok');
  });

  test('a wrong secret, a changed body, query, path, method or signed header fail with SIGNATURE_INVALID', () => {
    const signed = () => signedBySdk({ method: 'GET', pathname: '/clusters/c-1/triggers', query: { Name: 'web', Namespace: 'default' } });
    const check = (mutate: (s: ReturnType<typeof signed>) => { request: SignedRequest; body: SignedBody }) => {
      const s = mutate(signed());
      return codeOf(() => acs3.fromHead(s.request)?.verify(SK, s.body));
    };
    assert.equal(check((s) => s), 'ok');
    assert.equal(codeOf(() => { const s = signed(); acs3.fromHead(s.request)?.verify('capsk_wrong', s.body); }), 'SIGNATURE_INVALID');
    assert.equal(check((s) => ({ ...s, body: { ...s.body, sha256Hex: hashedBody('{}').sha256Hex, empty: false } })), 'SIGNATURE_INVALID');
    assert.equal(check((s) => ({ ...s, request: { ...s.request, rawQuery: 'Name=api&Namespace=default' } })), 'SIGNATURE_INVALID');
    assert.equal(check((s) => ({ ...s, request: { ...s.request, rawQuery: `${s.request.rawQuery}&extra=1` } })), 'SIGNATURE_INVALID');
    assert.equal(check((s) => ({ ...s, request: { ...s.request, rawPath: '/clusters/c-2/triggers' } })), 'SIGNATURE_INVALID');
    assert.equal(check((s) => ({ ...s, request: { ...s.request, method: 'DELETE' } })), 'SIGNATURE_INVALID');
    assert.equal(check((s) => ({ ...s, request: { ...s.request, headers: { ...s.request.headers, host: 'evil.example' } } })), 'SIGNATURE_INVALID');
  });

  test('the body must match x-acs-content-sha256', () => {
    const s = signedBySdk({ method: 'POST', pathname: '/clusters/c-1/triggers', body: { a: 1 } });
    const other = hashedBody('{"a":2}');
    assert.throws(() => acs3.fromHead(s.request)?.verify(SK, other), /x-acs-content-sha256 does not match/);
  });

  test('SignedHeaders must cover host, date, nonce and body hash', () => {
    const s = signedBySdk({ method: 'GET', pathname: '/clusters/c-1/triggers' });
    const auth = String(s.headers.authorization).replace(/SignedHeaders=[^,]+/, 'SignedHeaders=host;x-acs-date');
    assert.throws(() => acs3.fromHead({ ...s.request, headers: { ...s.request.headers, authorization: auth } }),
      (e: AppError) => e.code === 'SIGNATURE_INVALID' && /x-acs-signature-nonce, x-acs-content-sha256/.test(e.detail));
  });

  test('malformed headers are SIGNATURE_INVALID before any key is looked up; other schemes are not claimed', () => {
    const s = signedBySdk({ method: 'GET', pathname: '/clusters/c-1/triggers' });
    const withHeaders = (headers: Record<string, string>) => ({ ...s.request, headers: { ...s.request.headers, ...headers } });
    assert.equal(codeOf(() => acs3.fromHead(withHeaders({ 'x-acs-date': 'Wed, 01 May 2024 08:30:00 GMT' }))), 'SIGNATURE_INVALID');
    assert.equal(codeOf(() => acs3.fromHead(withHeaders({ 'x-acs-signature-nonce': '' }))), 'SIGNATURE_INVALID');
    assert.equal(codeOf(() => acs3.fromHead(withHeaders({ authorization: 'ACS3-HMAC-SM3 Credential=x,SignedHeaders=host,Signature=00' }))), 'SIGNATURE_INVALID');
    assert.equal(codeOf(() => acs3.fromHead(withHeaders({ authorization: 'ACS3-HMAC-SHA256 Credential=x,SignedHeaders=host' }))), 'SIGNATURE_INVALID');
    assert.equal(acs3.fromHead(withHeaders({ authorization: 'Bearer cap_x' })), null);
    assert.equal(acs3.fromHead(withHeaders({ authorization: 'acs LTAI:abc=' })), null);
  });
});
