import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedShape, invalidAt, loadFixture, rawBodyOf } from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { dockerHub } from './docker-hub.ts';

type Body = { push_data: Record<string, unknown>; repository: Record<string, unknown> };
const fixture = () => loadFixture('dockerhub');
const eventsOf = (body: unknown) => {
  const result = dockerHub.parse(body, {});
  assert.equal(result.kind, 'push');
  return result.kind === 'push' ? result.events : [];
};

test('extracts repository and tag; the host is docker.io and there is no digest or id', () => {
  const f = fixture();
  assert.deepEqual(eventsOf(f.body).map(expectedShape), [f.expect]);
});

test('keeps the pusher and push time, and synthesises a dedupe key from them', () => {
  const [event] = eventsOf(fixture().body);
  assert.equal(event?.actor, 'trustedbuilder');
  assert.equal(event?.pushedAt, 1417566161000);
  assert.equal(event?.dedupeKey, 'svendowideit/testhook:latest@1417566161000');
});

test('accepts the float push time of older payloads', () => {
  const body = fixture().body as Body;
  body.push_data.pushed_at = 1.417566161e9;
  assert.equal(eventsOf(body)[0]?.pushedAt, 1417566161000);
});

test('names an official image under library/', () => {
  const body = fixture().body as Body;
  body.repository.repo_name = 'nginx';
  assert.equal(eventsOf(body)[0]?.repository, 'library/nginx');
});

test('cannot check a secret: Docker Hub sends none, so the receiver URL is the credential', () => {
  const f = fixture();
  assert.deepEqual(dockerHub.verify({ headers: f.headers, rawBody: rawBodyOf(f), secret: 'unused', now: 0 }), { ok: true, by: 'receiver-url' });
  assert.equal(dockerHub.auth, 'receiver-url');
});

test('a payload without push_data or tag is VALIDATION_FAILED at that pointer', () => {
  const body = fixture().body as Body;
  delete body.push_data.tag;
  assert.throws(() => dockerHub.parse(body, {}), invalidAt('/body/push_data/tag'));
  assert.throws(() => dockerHub.parse({ repository: {} }, {}), invalidAt('/body/push_data'));
});
