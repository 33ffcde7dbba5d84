import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectedShape, invalidAt, loadFixture, rawBodyOf, withHeader,
} from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { harbor } from './harbor.ts';

type Resource = Record<string, unknown>;
type DefaultBody = { type: string; event_data: { resources: Resource[]; repository: Record<string, unknown> } };
type CloudEventBody = Record<string, unknown> & { data: DefaultBody['event_data'] };
const eventsOf = (body: unknown, headers: Record<string, string> = {}) => {
  const result = harbor.parse(body, headers);
  assert.equal(result.kind, 'push', result.kind === 'ignored' ? result.reason : '');
  return result.kind === 'push' ? result.events : [];
};

for (const name of ['harbor', 'harbor-untagged', 'harbor-cloudevents']) {
  test(`${name}.json yields the push its expect block describes`, () => {
    const f = loadFixture(name);
    assert.deepEqual(eventsOf(f.body).map(expectedShape), [f.expect]);
  });
}

test('an untagged artifact (Harbor writes the digest as its tag) has no tag but keeps the digest', () => {
  const [event] = eventsOf(loadFixture('harbor-untagged').body);
  assert.equal(event?.tag, null);
  assert.match(event?.digest ?? '', /^sha256:954b/);
});

test('Default format: pusher and time from operator and occur_at; dedupe key from type, time and artifact', () => {
  const [event] = eventsOf(loadFixture('harbor').body);
  assert.equal(event?.actor, 'admin');
  assert.equal(event?.pushedAt, 1586922308000);
  assert.equal(event?.dedupeKey,
    'PUSH_ARTIFACT|1586922308|test-webhook/debian|sha256:8a9e9863dbb6e10edb5adfe917c00da84e1700fa76e7ed02476aa6e6fb8ee0d8|latest');
});

test('CloudEvents format: the operator extension is the pusher and (source, id) the dedupe key', () => {
  const [event] = eventsOf(loadFixture('harbor-cloudevents').body);
  assert.equal(event?.actor, 'harbor-jobservice');
  assert.equal(event?.pushedAt, Date.UTC(2023, 3, 3, 6, 4, 46));
  assert.equal(event?.dedupeKey, '/projects/2/webhook/policies/15 66e18103-09c1-41f6-982f-37df223f3eeb');
});

test('CloudEvents in binary mode (attributes in ce-* headers) is read the same way', () => {
  const structured = loadFixture('harbor-cloudevents').body as CloudEventBody;
  const headers = {
    'ce-specversion': '1.0', 'ce-id': String(structured.id), 'ce-source': String(structured.source),
    'ce-type': 'harbor.artifact.pushed', 'ce-time': String(structured.time), 'ce-operator': 'harbor-jobservice',
  };
  assert.deepEqual(eventsOf(structured.data, headers), eventsOf(structured));
});

test('Harbor 1.x pushImage events are pushes too', () => {
  const body = loadFixture('harbor').body as DefaultBody;
  body.type = 'pushImage';
  assert.equal(eventsOf(body).length, 1);
});

test('ignores a delete even though it carries a real tag, and other CloudEvents types', () => {
  assert.deepEqual(harbor.parse(loadFixture('harbor-nonpush').body, {}),
    { kind: 'ignored', reason: 'event type DELETE_ARTIFACT is not a push' });
  const pulled = { ...(loadFixture('harbor-cloudevents').body as CloudEventBody), type: 'harbor.artifact.pulled' };
  assert.equal(harbor.parse(pulled, {}).kind, 'ignored');
});

test('authenticates by the policy\'s auth header, sent verbatim as Authorization', () => {
  const f = loadFixture('harbor');
  const verify = (value: string | null) =>
    harbor.verify({ headers: withHeader(f.headers, 'Authorization', value), rawBody: rawBodyOf(f), secret: 'Basic aGFyYm9yOnMzY3JldA==', now: 0 });
  assert.equal(verify('Basic aGFyYm9yOnMzY3JldA==').ok, true);
  assert.equal(verify('Basic aGFyYm9yOnMzY3JldB==').ok, false);
  assert.equal(verify('Basic aGFy').ok, false);
  assert.equal(verify(null).ok, false);
});

test('a push without repo_full_name or resources is VALIDATION_FAILED at that pointer', () => {
  const body = loadFixture('harbor').body as DefaultBody;
  delete body.event_data.repository.repo_full_name;
  assert.throws(() => harbor.parse(body, {}), invalidAt('/body/event_data/repository/repo_full_name'));
  const ce = loadFixture('harbor-cloudevents').body as CloudEventBody;
  ce.data.resources = [];
  assert.throws(() => harbor.parse(ce, {}), invalidAt('/body/data/resources'));
});
