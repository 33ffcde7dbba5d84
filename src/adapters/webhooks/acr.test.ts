import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectedShape, invalidAt, loadFixture, rawBodyOf, withHeader,
} from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { acr } from './acr.ts';

type Webhook = { action: string; target: Record<string, unknown> };
type GridEvent = Record<string, unknown> & { type: string; data: Webhook };
const eventsOf = (body: unknown, headers: Record<string, string> = {}) => {
  const result = acr.parse(body, headers);
  assert.equal(result.kind, 'push', result.kind === 'ignored' ? result.reason : '');
  return result.kind === 'push' ? result.events : [];
};

for (const name of ['acr', 'acr-eventgrid-cloudevents']) {
  test(`${name}.json yields the push its expect block describes`, () => {
    const f = loadFixture(name);
    assert.deepEqual(eventsOf(f.body, f.headers).map(expectedShape), [f.expect]);
  });
}

test('a webhook keeps media type and time; ACR names no pusher', () => {
  const [event] = eventsOf(loadFixture('acr').body);
  assert.equal(event?.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  assert.equal(event?.pushedAt, Date.parse('2017-11-17T16:52:01.343Z'));
  assert.equal(event?.actor, null);
});

test('through Event Grid the CloudEvents id is the event id, not ACR\'s data.id', () => {
  const [event] = eventsOf(loadFixture('acr-eventgrid-cloudevents').body);
  assert.equal(event?.eventId, '831e1650-001e-001b-66ab-eeb76e069631');
  assert.match(event?.dedupeKey ?? '', / 831e1650-001e-001b-66ab-eeb76e069631$/);
});

test('accepts a single structured CloudEvent and Event Grid\'s own schema', () => {
  const [ce] = loadFixture('acr-eventgrid-cloudevents').body as GridEvent[];
  assert.equal(eventsOf(ce).length, 1);
  const { type, time, source, specversion: _, ...rest } = ce!;
  const grid = { ...rest, eventType: type, eventTime: time, topic: source, dataVersion: '1.0' };
  assert.deepEqual(eventsOf([grid]).map(expectedShape), eventsOf(ce).map(expectedShape));
});

test('ignores chart pushes, deletes and a batch without an ImagePushed event', () => {
  assert.deepEqual(acr.parse(loadFixture('acr-nonpush').body, {}), { kind: 'ignored', reason: 'action chart_push is not an image push' });
  const deleted = loadFixture('acr').body as Webhook;
  deleted.action = 'delete';
  assert.equal(acr.parse(deleted, {}).kind, 'ignored');
  const batch = loadFixture('acr-eventgrid-cloudevents').body as GridEvent[];
  batch[0]!.type = 'Microsoft.ContainerRegistry.ImageDeleted';
  assert.deepEqual(acr.parse(batch, {}), { kind: 'ignored', reason: 'no image push among event types Microsoft.ContainerRegistry.ImageDeleted' });
});

test('authenticates by a custom Authorization header', () => {
  const f = loadFixture('acr');
  const verify = (value: string | null) =>
    acr.verify({ headers: withHeader(f.headers, 'Authorization', value), rawBody: rawBodyOf(f), secret: 'acr-hook-s3cret', now: 0 });
  assert.equal(verify('Bearer acr-hook-s3cret').ok, true);
  assert.equal(verify('Bearer acr-hook-s3creT').ok, false);
  assert.equal(verify('Bearer acr').ok, false);
  assert.equal(verify(null).ok, false);
});

test('a push without a digest is VALIDATION_FAILED at that pointer, also inside a batch', () => {
  const webhook = loadFixture('acr').body as Webhook;
  delete webhook.target.digest;
  assert.throws(() => acr.parse(webhook, {}), invalidAt('/body/target/digest'));
  const batch = loadFixture('acr-eventgrid-cloudevents').body as GridEvent[];
  delete batch[0]!.data.target.digest;
  assert.throws(() => acr.parse(batch, {}), invalidAt('/body/0/data/target/digest'));
});
