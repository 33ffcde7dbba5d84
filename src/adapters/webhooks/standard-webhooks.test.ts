import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invalidAt, loadFixture, rawBodyOf, withHeader } from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { signStandardWebhook, standardWebhooks } from './standard-webhooks.ts';

const f = loadFixture('standard-webhooks');
const SECRET = f.signatureTest!.secret;
const SENT_AT_MS = Number(f.headers['webhook-timestamp']) * 1000;
const verify = (headers: Record<string, string>, rawBody: Buffer, now = SENT_AT_MS) =>
  standardWebhooks.verify({ headers, rawBody, secret: SECRET, now });
const codeOf = (r: ReturnType<typeof verify>) => (r.ok ? r.by : r.error.code);

test('verifies the official library test vector over the raw bytes', () => {
  assert.equal(codeOf(verify(f.headers, rawBodyOf(f))), 'signature');
  assert.equal(signStandardWebhook(SECRET, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'), f.headers['webhook-signature']);
});

test('rejects a timestamp more than 5 minutes old or ahead as SIGNATURE_EXPIRED', () => {
  assert.equal(codeOf(verify(f.headers, rawBodyOf(f), SENT_AT_MS + 301_000)), 'SIGNATURE_EXPIRED');
  assert.equal(codeOf(verify(f.headers, rawBodyOf(f), SENT_AT_MS - 301_000)), 'SIGNATURE_EXPIRED');
  assert.equal(codeOf(verify(f.headers, rawBodyOf(f), SENT_AT_MS + 299_000)), 'signature');
});

test('rejects a tampered body, a tampered id, a shortened signature and missing headers', () => {
  const raw = rawBodyOf(f);
  const signature = f.headers['webhook-signature']!;
  const cases = [
    verify(f.headers, Buffer.from('{"test": 2432232315}')),
    verify(withHeader(f.headers, 'webhook-id', 'msg_other'), raw),
    verify(withHeader(f.headers, 'webhook-signature', signature.slice(0, -4)), raw),
    verify(withHeader(f.headers, 'webhook-signature', null), raw),
    verify(withHeader(f.headers, 'webhook-timestamp', '1614265330.5'), raw),
  ];
  for (const result of cases) assert.equal(codeOf(result), 'SIGNATURE_INVALID');
});

test('accepts the delivery when any of several signatures matches (key rotation); v1a entries are skipped', () => {
  const signature = f.headers['webhook-signature']!;
  const headers = withHeader(f.headers, 'webhook-signature', `v1a,AAAA v1,bm90IHRoaXMgb25l ${signature}`);
  assert.equal(codeOf(verify(headers, rawBodyOf(f))), 'signature');
});

test('ignores a body without type image.pushed', () => {
  assert.deepEqual(standardWebhooks.parse(f.body, f.headers), { kind: 'ignored', reason: 'event type (none) is not image.pushed' });
});

test('reads an image.pushed event; webhook-id is the event id', () => {
  const body = { type: 'image.pushed', timestamp: '2024-05-01T10:00:00Z', data: { registry: 'registry.example.com:5000', repository: 'team/app', tag: 'v2', pushedAt: '2024-05-01T09:59:58Z', actor: 'ci' } };
  assert.deepEqual(standardWebhooks.parse(body, f.headers), {
    kind: 'push',
    events: [{
      sender: 'standard-webhooks', eventId: 'msg_p5jXN8AQM9LWM0D4loKWxJek', dedupeKey: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      registryHost: 'registry.example.com:5000', repository: 'team/app', tag: 'v2', digest: null, mediaType: null,
      pushedAt: Date.UTC(2024, 4, 1, 9, 59, 58), actor: 'ci',
    }],
  });
});

test('an image.pushed event without tag and digest, or with a bad host, is VALIDATION_FAILED at that pointer', () => {
  assert.throws(() => standardWebhooks.parse({ type: 'image.pushed', data: { repository: 'a' } }, f.headers), invalidAt('/body/data/tag'));
  assert.throws(() => standardWebhooks.parse({ type: 'image.pushed', data: { repository: 'a', tag: 'v', registry: 'a/b' } }, f.headers), invalidAt('/body/data/registry'));
});
