import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectedShape, invalidAt, loadFixture, rawBodyOf, withHeader,
} from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { nexus } from './nexus.ts';

type Body = { action: string; component: Record<string, unknown> };

test('extracts a docker component push; the delivery header is the event id', () => {
  const f = loadFixture('nexus');
  const result = nexus.parse(f.body, f.headers);
  assert.equal(result.kind, 'push');
  assert.deepEqual(result.kind === 'push' && result.events.map(expectedShape), [f.expect]);
  assert.equal(result.kind === 'push' && result.events[0]?.actor, 'admin');
  assert.equal(result.kind === 'push' && result.events[0]?.pushedAt, Date.UTC(2020, 3, 5, 21, 49, 44, 219));
});

test('a digest as component version is an untagged push', () => {
  const f = loadFixture('nexus');
  (f.body as Body).component.version = 'sha256:2bb501e6173d9d006e56de5bce2720eb06396803300fe1687b58a7ff32bf4c14';
  const result = nexus.parse(f.body, f.headers);
  assert.ok(result.kind === 'push');
  assert.equal(result.events[0]?.tag, null);
  assert.equal(result.events[0]?.digest, 'sha256:2bb501e6173d9d006e56de5bce2720eb06396803300fe1687b58a7ff32bf4c14');
});

test('ignores asset events, deletions and non-docker components', () => {
  const asset = loadFixture('nexus-nonpush');
  assert.deepEqual(nexus.parse(asset.body, asset.headers), { kind: 'ignored', reason: 'Nexus webhook rm:repository:asset is not a component event' });
  const deleted = loadFixture('nexus');
  (deleted.body as Body).action = 'DELETED';
  assert.equal(nexus.parse(deleted.body, deleted.headers).kind, 'ignored');
  const npm = loadFixture('nexus');
  (npm.body as Body).component.format = 'npm';
  assert.equal(nexus.parse(npm.body, npm.headers).kind, 'ignored');
});

test('verifies X-Nexus-Webhook-Signature (HMAC-SHA1 of the raw body) with the recorded key', () => {
  const f = loadFixture('nexus');
  const result = nexus.verify({ headers: f.headers, rawBody: rawBodyOf(f), secret: f.signatureTest!.secret, now: 0 });
  assert.deepEqual(result, { ok: true, by: 'signature' });
});

test('rejects a tampered body, a shortened signature and a missing one', () => {
  const f = loadFixture('nexus');
  const secret = f.signatureTest!.secret;
  const raw = rawBodyOf(f);
  const cases = [
    nexus.verify({ headers: f.headers, rawBody: Buffer.from(raw.toString().replace('3.4', '3.5')), secret, now: 0 }),
    nexus.verify({ headers: withHeader(f.headers, 'X-Nexus-Webhook-Signature', 'd06eea38'), rawBody: raw, secret, now: 0 }),
    nexus.verify({ headers: withHeader(f.headers, 'X-Nexus-Webhook-Signature', null), rawBody: raw, secret, now: 0 }),
  ];
  for (const result of cases) assert.equal(result.ok ? 'ok' : result.error.code, 'SIGNATURE_INVALID');
});

test('a docker component without a name is VALIDATION_FAILED at that pointer', () => {
  const f = loadFixture('nexus');
  delete (f.body as Body).component.name;
  assert.throws(() => nexus.parse(f.body, f.headers), invalidAt('/body/component/name'));
});
