import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VerifyInput, VerifyResult } from '../../app/ports/webhook-parser.ts';
import { checkHexHmacHeader, checkSharedHeader, safeEqual } from './auth-checks.ts';

const input = (headers: Record<string, string>, secret: string | null, body = 'Hello, World!'): VerifyInput =>
  ({ headers, rawBody: Buffer.from(body), secret, now: 0 });
const codeOf = (result: VerifyResult) => (result.ok ? 'ok' : result.error.code);

test('safeEqual is false for different lengths instead of throwing', () => {
  assert.equal(safeEqual('abc', 'abcd'), false);
  assert.equal(safeEqual('abc', 'abd'), false);
  assert.equal(safeEqual('abc', 'abc'), true);
});

const GITHUB = { header: 'x-hub-signature-256', algorithm: 'sha256', prefix: 'sha256=' } as const;
// GitHub's documented test vector (validating-webhook-deliveries.md).
const VECTOR = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

test('an HMAC header matches GitHub\'s documented test vector, header name in any case', () => {
  const result = checkHexHmacHeader(input({ 'X-Hub-Signature-256': VECTOR }, "It's a Secret to Everybody"), GITHUB);
  assert.deepEqual(result, { ok: true, by: 'signature' });
});

test('an HMAC header over a tampered body is rejected', () => {
  const result = checkHexHmacHeader(input({ 'x-hub-signature-256': VECTOR }, "It's a Secret to Everybody", 'Hello, World?'), GITHUB);
  assert.equal(codeOf(result), 'SIGNATURE_INVALID');
});

test('an HMAC header of the wrong length is rejected, not thrown', () => {
  const result = checkHexHmacHeader(input({ 'x-hub-signature-256': VECTOR.slice(0, -2) }, "It's a Secret to Everybody"), GITHUB);
  assert.equal(codeOf(result), 'SIGNATURE_INVALID');
});

test('a missing HMAC header is rejected when a secret is configured', () => {
  assert.equal(codeOf(checkHexHmacHeader(input({}, 'secret'), GITHUB)), 'SIGNATURE_INVALID');
});

test('without a configured secret the receiver URL is the only credential', () => {
  assert.deepEqual(checkHexHmacHeader(input({}, null), GITHUB), { ok: true, by: 'receiver-url' });
  assert.deepEqual(checkSharedHeader(input({}, null)), { ok: true, by: 'receiver-url' });
});

test('a shared header is accepted verbatim, as a bearer token, or as a Basic password', () => {
  const basic = `Basic ${Buffer.from('anyone:s3cret-token').toString('base64')}`;
  for (const value of ['s3cret-token', 'Bearer s3cret-token', 'bearer s3cret-token', basic]) {
    assert.deepEqual(checkSharedHeader(input({ Authorization: value }, 's3cret-token')), { ok: true, by: 'shared-header' }, value);
  }
});

test('a shared header with another token of the same or another length is TOKEN_INVALID', () => {
  for (const value of ['s3cret-tokeN', 'Bearer s3cret-tokeN', 'Bearer s3cret', 'Basic czNjcmV0LXRva2Vu', 'Bearer']) {
    assert.equal(codeOf(checkSharedHeader(input({ authorization: value }, 's3cret-token'))), 'TOKEN_INVALID', value);
  }
});

test('a missing shared header is TOKEN_MISSING', () => {
  assert.equal(codeOf(checkSharedHeader(input({ 'content-type': 'application/json' }, 'x'))), 'TOKEN_MISSING');
});
