import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedShape, invalidAt, loadFixture, rawBodyOf } from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { alibabaAcr } from './alibaba-acr.ts';

type Body = { push_data: Record<string, unknown>; repository: Record<string, unknown> };

test('extracts the push and derives the public endpoint from the region', () => {
  const f = loadFixture('alibaba-acr');
  const result = alibabaAcr.parse(f.body, f.headers);
  assert.equal(result.kind, 'push');
  assert.deepEqual(result.kind === 'push' && result.events.map(expectedShape), [f.expect]);
});

test('leaves the zone-less push time out of pushedAt but keeps it in the dedupe key', () => {
  const result = alibabaAcr.parse(loadFixture('alibaba-acr').body, {});
  assert.ok(result.kind === 'push');
  assert.equal(result.events[0]?.pushedAt, null);
  assert.match(result.events[0]?.dedupeKey ?? '', /^namespace\/repoTest:latest@sha256:457f.*\|2016-11-29 12:25:46$/);
});

test('cannot check a secret: Alibaba sends none, so the receiver URL is the credential', () => {
  const f = loadFixture('alibaba-acr');
  assert.deepEqual(alibabaAcr.verify({ headers: f.headers, rawBody: rawBodyOf(f), secret: 'x', now: 0 }), { ok: true, by: 'receiver-url' });
});

test('a region that is not a region id is VALIDATION_FAILED at its pointer', () => {
  const body = loadFixture('alibaba-acr').body as Body;
  body.repository.region = 'evil.example.com/';
  assert.throws(() => alibabaAcr.parse(body, {}), invalidAt('/body/repository/region'));
  delete (body as Partial<Body>).push_data;
  assert.throws(() => alibabaAcr.parse(body, {}), invalidAt('/body/push_data'));
});
