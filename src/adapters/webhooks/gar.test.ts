import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedShape, invalidAt, loadFixture, rawBodyOf } from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { gar } from './gar.ts';

type Body = { message: Record<string, unknown> };
const withData = (data: unknown): Body => {
  const body = loadFixture('gar').body as Body;
  body.message.data = Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)).toString('base64');
  return body;
};

for (const name of ['gar', 'gar-untagged']) {
  test(`${name}.json: decodes message.data and splits the references as its expect block says`, () => {
    const f = loadFixture(name);
    const result = gar.parse(f.body, f.headers);
    assert.equal(result.kind, 'push');
    assert.deepEqual(result.kind === 'push' && result.events.map(expectedShape), [f.expect]);
  });
}

test('the Pub/Sub messageId is the dedupe key and publishTime the push time', () => {
  const result = gar.parse(loadFixture('gar').body, {});
  assert.ok(result.kind === 'push');
  assert.equal(result.events[0]?.dedupeKey, '2070443601311540');
  assert.equal(result.events[0]?.pushedAt, Date.parse('2021-02-26T19:13:55.749Z'));
});

test('a tag-only INSERT is a push without digest', () => {
  const result = gar.parse(withData({ action: 'INSERT', tag: 'europe-docker.pkg.dev/p/r/img:2.0' }), {});
  assert.ok(result.kind === 'push');
  assert.deepEqual(expectedShape(result.events[0]!),
    { registry: 'europe-docker.pkg.dev', repository: 'p/r/img', tag: '2.0', digest: null, eventId: '2070443601311540' });
});

test('ignores a DELETE', () => {
  assert.deepEqual(gar.parse(loadFixture('gar-nonpush').body, {}), { kind: 'ignored', reason: 'Artifact Registry action DELETE is not an upload' });
});

test('cannot check a secret: Pub/Sub push sends only a Google-signed token, so the receiver URL is the credential', () => {
  const f = loadFixture('gar');
  assert.deepEqual(gar.verify({ headers: f.headers, rawBody: rawBodyOf(f), secret: 'x', now: 0 }), { ok: true, by: 'receiver-url' });
});

test('message.data that is not base64 JSON is VALIDATION_FAILED at /body/message/data', () => {
  const notBase64 = loadFixture('gar').body as Body;
  notBase64.message.data = '{"action":"INSERT"}';
  assert.throws(() => gar.parse(notBase64, {}), invalidAt('/body/message/data'));
  assert.throws(() => gar.parse(withData('not json'), {}), invalidAt('/body/message/data'));
});

test('a tag and a digest naming different images, or no host, are VALIDATION_FAILED', () => {
  const mismatch = withData({ action: 'INSERT', tag: 'us-docker.pkg.dev/p/r/a:1', digest: 'us-docker.pkg.dev/p/r/b@sha256:ab' });
  assert.throws(() => gar.parse(mismatch, {}), invalidAt('/body/message/data/tag'));
  assert.throws(() => gar.parse(withData({ action: 'INSERT', tag: 'p/r/a:1' }), {}), invalidAt('/body/message/data/tag'));
  assert.throws(() => gar.parse(withData({ action: 'INSERT' }), {}), invalidAt('/body/message/data/digest'));
});
