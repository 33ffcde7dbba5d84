import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectedShape, invalidAt, loadFixture, rawBodyOf, withHeader,
} from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { cloudevents } from './cloudevents.ts';

type Structured = Record<string, unknown>;

test('ignores an unknown event type in structured and binary mode, naming the type', () => {
  for (const name of ['cloudevents', 'cloudevents-binary']) {
    const f = loadFixture(name);
    assert.deepEqual(cloudevents.parse(f.body, f.headers), { kind: 'ignored', reason: 'no image push among CloudEvents types com.example.someevent' });
  }
});

test('routes Harbor and ACR push types to their senders\' mappings', () => {
  for (const name of ['harbor-cloudevents', 'acr-eventgrid-cloudevents']) {
    const f = loadFixture(name);
    const result = cloudevents.parse(f.body, f.headers);
    assert.equal(result.kind, 'push', name);
    assert.deepEqual(result.kind === 'push' && result.events.map(expectedShape), [f.expect], name);
    assert.equal(result.kind === 'push' && result.events[0]?.sender, 'cloudevents');
  }
});

test('reads a push in binary mode from ce-* headers and the bare data', () => {
  const structured = loadFixture('harbor-cloudevents').body as Structured;
  const headers = {
    'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-type': 'harbor.artifact.pushed',
    'ce-id': String(structured.id), 'ce-source': String(structured.source),
  };
  const result = cloudevents.parse(structured.data, headers);
  assert.ok(result.kind === 'push');
  assert.equal(result.events[0]?.dedupeKey, '/projects/2/webhook/policies/15 66e18103-09c1-41f6-982f-37df223f3eeb');
});

test('a type named like an Object.prototype member is just an unknown type', () => {
  const f = loadFixture('cloudevents');
  (f.body as Structured).type = 'constructor';
  assert.equal(cloudevents.parse(f.body, f.headers).kind, 'ignored');
});

test('authenticates by a static Authorization header, as the spec defines no signature', () => {
  const f = loadFixture('cloudevents');
  const verify = (value: string | null) =>
    cloudevents.verify({ headers: withHeader(f.headers, 'Authorization', value), rawBody: rawBodyOf(f), secret: 'ce-s3cret', now: 0 });
  assert.equal(verify('Bearer ce-s3cret').ok, true);
  assert.equal(verify('Bearer ce-s3creT').ok, false);
  assert.equal(verify('Bearer ce').ok, false);
});

test('a structured event without id, or a binary one without ce-id, is VALIDATION_FAILED at that pointer', () => {
  const f = loadFixture('cloudevents');
  delete (f.body as Structured).id;
  assert.throws(() => cloudevents.parse(f.body, f.headers), invalidAt('/body/id'));
  const b = loadFixture('cloudevents-binary');
  assert.throws(() => cloudevents.parse(b.body, withHeader(b.headers, 'ce-id', null)), invalidAt('/headers/ce-id'));
  assert.throws(() => cloudevents.parse([{}], {}), invalidAt('/body/0/specversion'));
});
