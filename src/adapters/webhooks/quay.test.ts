import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedShape, invalidAt, loadFixture, rawBodyOf } from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { quay } from './quay.ts';

type Body = Record<string, unknown>;
const tagsOf = (body: unknown) => {
  const result = quay.parse(body, {});
  assert.equal(result.kind, 'push');
  return result.kind === 'push' ? result.events.map((e) => e.tag) : [];
};

test('extracts repository, tag and the host of docker_url', () => {
  const f = loadFixture('quay');
  const result = quay.parse(f.body, f.headers);
  assert.deepEqual(result.kind === 'push' && result.events.map(expectedShape), [f.expect]);
});

test('emits one event per updated tag', () => {
  const body = loadFixture('quay').body as Body;
  body.updated_tags = ['latest', 'foo', 'v2'];
  assert.deepEqual(tagsOf(body), ['latest', 'foo', 'v2']);
});

test('accepts the old object form {tag: imageId}', () => {
  const body = loadFixture('quay').body as Body;
  body.updated_tags = { latest: 'b1f6ab8a', v1: '0a1b2c3d' };
  assert.deepEqual(tagsOf(body), ['latest', 'v1']);
});

test('has no digest, time, pusher, id or dedupe key: Quay sends none', () => {
  const result = quay.parse(loadFixture('quay').body, {});
  assert.ok(result.kind === 'push');
  const { digest, pushedAt, actor, eventId, dedupeKey } = result.events[0]!;
  assert.deepEqual([digest, pushedAt, actor, eventId, dedupeKey], [null, null, null, null, null]);
});

test('ignores a build event even though it lists docker_tags', () => {
  assert.deepEqual(quay.parse(loadFixture('quay-nonpush').body, {}), { kind: 'ignored', reason: 'not a repository push (no updated_tags)' });
});

test('cannot check a secret: the receiver URL is the credential', () => {
  const f = loadFixture('quay');
  assert.deepEqual(quay.verify({ headers: f.headers, rawBody: rawBodyOf(f), secret: 'x', now: 0 }), { ok: true, by: 'receiver-url' });
});

test('an invalid tag in the list is VALIDATION_FAILED at its index', () => {
  const body = loadFixture('quay').body as Body;
  body.updated_tags = ['latest', 'bad tag'];
  assert.throws(() => quay.parse(body, {}), invalidAt('/body/updated_tags/1'));
  body.updated_tags = 'latest';
  assert.throws(() => quay.parse(body, {}), invalidAt('/body/updated_tags'));
});
