import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  expectedShape, invalidAt, loadFixture, rawBodyOf, withHeader,
} from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { jfrog } from './jfrog.ts';

type Data = Record<string, unknown>;
const envelope = (data: unknown, domain = 'docker') =>
  ({ domain, event_type: (data as Data).event_type, data, subscription_key: 'capstan', jpd_origin: 'https://acme.jfrog.io', source: 'jfrog/user@example.com' });

test('extracts a push from the published bare data object', () => {
  const f = loadFixture('jfrog');
  const result = jfrog.parse(f.body, f.headers);
  assert.equal(result.kind, 'push');
  assert.deepEqual(result.kind === 'push' && result.events.map(expectedShape), [f.expect]);
});

test('extracts the same push from the envelope that goes over the wire', () => {
  const f = loadFixture('jfrog');
  const result = jfrog.parse(envelope(f.body), f.headers);
  assert.deepEqual(result.kind === 'push' && result.events.map(expectedShape), [f.expect]);
  assert.equal(result.kind === 'push' && result.events[0]?.dedupeKey,
    'docker-remote-cache/library/ubuntu:latest@sha256:35c4a2c15539c6c1e4e5fa4e554dac323ad0107d8eb5c582d6ff386b383b7dce');
});

test('ignores deletes and events of other domains', () => {
  assert.deepEqual(jfrog.parse(loadFixture('jfrog-nonpush').body, {}), { kind: 'ignored', reason: 'Docker event deleted is not a push' });
  assert.equal(jfrog.parse(envelope(loadFixture('jfrog').body, 'artifact'), {}).kind, 'ignored');
});

const SECRET = 'jfrog-webhook-secret';
const verify = (headers: Record<string, string>, rawBody: Buffer) => jfrog.verify({ headers, rawBody, secret: SECRET, now: 0 });
const codeOf = (r: ReturnType<typeof verify>) => (r.ok ? r.by : r.error.code);

test('accepts X-JFrog-Event-Auth as the secret verbatim or as the hex HMAC-SHA256 of the body', () => {
  const f = loadFixture('jfrog');
  const raw = rawBodyOf(f);
  const signature = createHmac('sha256', SECRET).update(raw).digest('hex');
  assert.equal(codeOf(verify(withHeader(f.headers, 'X-JFrog-Event-Auth', SECRET), raw)), 'shared-header');
  assert.equal(codeOf(verify(withHeader(f.headers, 'X-JFrog-Event-Auth', signature), raw)), 'signature');
});

test('rejects a signature over a tampered body, of the wrong length, or a missing header', () => {
  const f = loadFixture('jfrog');
  const raw = rawBodyOf(f);
  const signature = createHmac('sha256', SECRET).update(raw).digest('hex');
  const tampered = Buffer.from(raw.toString().replace('latest', 'lates7'));
  assert.equal(codeOf(verify(withHeader(f.headers, 'X-JFrog-Event-Auth', signature), tampered)), 'SIGNATURE_INVALID');
  assert.equal(codeOf(verify(withHeader(f.headers, 'X-JFrog-Event-Auth', signature.slice(1)), raw)), 'SIGNATURE_INVALID');
  assert.equal(codeOf(verify(withHeader(f.headers, 'X-JFrog-Event-Auth', null), raw)), 'TOKEN_MISSING');
});

test('a push without sha256 is VALIDATION_FAILED at that pointer', () => {
  const body = loadFixture('jfrog').body as Data;
  delete body.sha256;
  assert.throws(() => jfrog.parse(body, {}), invalidAt('/body/sha256'));
  assert.throws(() => jfrog.parse(envelope(body), {}), invalidAt('/body/data/sha256'));
});
