import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectedShape, invalidAt, loadFixture, rawBodyOf, withHeader,
} from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { tencentTcr } from './tencent-tcr.ts';

type Body = { type: string; event_data: { resources: Record<string, unknown>[] } };

test('extracts the push of the logged trigger body, host from resource_url', () => {
  const f = loadFixture('tencent-tcr');
  const result = tencentTcr.parse(JSON.parse(f.rawBody!), f.headers);
  assert.equal(result.kind, 'push');
  assert.deepEqual(result.kind === 'push' && result.events.map(expectedShape), [f.expect]);
  assert.equal(result.kind === 'push' && result.events[0]?.sender, 'tencent-tcr');
});

test('keeps the operator as pusher and occur_at as push time', () => {
  const result = tencentTcr.parse(loadFixture('tencent-tcr').body, {});
  assert.ok(result.kind === 'push');
  assert.equal(result.events[0]?.actor, '3211064422');
  assert.equal(result.events[0]?.pushedAt, 1586774843000);
});

test('ignores pullImage and uploadChart events', () => {
  for (const type of ['pullImage', 'uploadChart']) {
    const body = loadFixture('tencent-tcr').body as Body;
    body.type = type;
    assert.deepEqual(tencentTcr.parse(body, {}), { kind: 'ignored', reason: `event type ${type} is not a push` });
  }
});

test('authenticates by a custom Authorization header configured on the trigger', () => {
  const f = loadFixture('tencent-tcr');
  const verify = (value: string | null) =>
    tencentTcr.verify({ headers: withHeader(f.headers, 'Authorization', value), rawBody: rawBodyOf(f), secret: 'tcr-s3cret', now: 0 });
  assert.equal(verify('tcr-s3cret').ok, true);
  assert.equal(verify('tcr-s3creT').ok, false);
  assert.equal(verify('tcr').ok, false);
});

test('a resource with a malformed digest is VALIDATION_FAILED at that pointer', () => {
  const body = loadFixture('tencent-tcr').body as Body;
  body.event_data.resources[0]!.digest = 'not a digest';
  assert.throws(() => tencentTcr.parse(body, {}), invalidAt('/body/event_data/resources/0/digest'));
});
