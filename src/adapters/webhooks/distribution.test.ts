import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptsContentType } from '../../app/ports/webhook-parser.ts';
import {
  expectedShape, invalidAt, loadFixture, rawBodyOf, withHeader,
} from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { distribution } from './distribution.ts';

type Envelope = { events: { id: string; target: Record<string, unknown> }[] };
const envelope = () => loadFixture('distribution');
const eventsOf = (body: unknown) => {
  const result = distribution.parse(body, {});
  assert.equal(result.kind, 'push');
  return result.kind === 'push' ? result.events : [];
};

test('extracts the manifest push of an envelope and skips its layer pushes', () => {
  const fixture = envelope();
  assert.deepEqual(eventsOf(fixture.body).map(expectedShape), [fixture.expect]);
});

test('keeps pusher, time, media type and the event id as dedupe key', () => {
  const [event] = eventsOf(envelope().body);
  assert.deepEqual(event, {
    sender: 'distribution',
    eventId: 'asdf-asdf-asdf-asdf-0',
    dedupeKey: 'asdf-asdf-asdf-asdf-0',
    registryHost: 'registrycluster.local',
    repository: 'library/test',
    tag: null,
    digest: 'sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf',
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    pushedAt: Date.UTC(2006, 0, 2, 15, 4, 5),
    actor: 'test-actor',
  });
});

test('reads target.tag when the manifest was pushed by tag', () => {
  const body = envelope().body as Envelope;
  body.events[0]!.target.tag = 'v1.2.3';
  assert.equal(eventsOf(body)[0]?.tag, 'v1.2.3');
});

test('emits one event per manifest push when an envelope holds several', () => {
  const body = envelope().body as Envelope;
  body.events.push({ ...structuredClone(body.events[0]!), id: 'second', target: { ...body.events[0]!.target, tag: 'b' } });
  assert.deepEqual(eventsOf(body).map((e) => e.eventId), ['asdf-asdf-asdf-asdf-0', 'second']);
});

test('ignores a pull even though it names a tag, saying why', () => {
  const result = distribution.parse(loadFixture('distribution-nonpush').body, {});
  assert.deepEqual(result, { kind: 'ignored', reason: 'no manifest push in the envelope (actions: pull)' });
});

test('ignores an envelope of layer pushes only', () => {
  const body = envelope().body as Envelope;
  body.events.shift();
  assert.equal(distribution.parse(body, {}).kind, 'ignored');
});

test('accepts both envelope media types (registry 2.x and 3.x)', () => {
  for (const v of ['v1', 'v2']) {
    assert.ok(acceptsContentType(distribution, { 'content-type': `application/vnd.docker.distribution.events.${v}+json` }));
  }
});

test('authenticates by the static Authorization header of the endpoint', () => {
  const fixture = envelope();
  const verify = (value: string | null) => distribution.verify({
    headers: withHeader(fixture.headers, 'Authorization', value), rawBody: rawBodyOf(fixture), secret: 'r3g1stry-t0ken', now: 0,
  });
  assert.deepEqual(verify('Bearer r3g1stry-t0ken'), { ok: true, by: 'shared-header' });
  for (const [value, code] of [['Bearer r3g1stry-t0keN', 'TOKEN_INVALID'], ['Bearer r3g', 'TOKEN_INVALID'], [null, 'TOKEN_MISSING']] as const) {
    const result = verify(value);
    assert.equal(result.ok ? 'ok' : result.error.code, code, String(value));
  }
});

test('a push without target.repository is VALIDATION_FAILED at that pointer', () => {
  const body = envelope().body as Envelope;
  delete body.events[0]!.target.repository;
  assert.throws(() => distribution.parse(body, {}), invalidAt('/body/events/0/target/repository'));
});

test('a tag that is not an OCI tag is refused', () => {
  const body = envelope().body as Envelope;
  body.events[0]!.target.tag = 'v1 && rm -rf';
  assert.throws(() => distribution.parse(body, {}), invalidAt('/body/events/0/target/tag'));
});

test('a body without an events array is VALIDATION_FAILED at /body/events', () => {
  assert.throws(() => distribution.parse({ event: {} }, {}), invalidAt('/body/events'));
  assert.throws(() => distribution.parse('push', {}), invalidAt('/body'));
});
