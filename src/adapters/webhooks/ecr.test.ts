import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectedShape, invalidAt, loadFixture, rawBodyOf, withHeader,
} from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { ecr } from './ecr.ts';

type Body = Record<string, unknown> & { detail: Record<string, unknown> };

test('extracts the push and derives the registry host from account and region', () => {
  const f = loadFixture('ecr');
  const result = ecr.parse(f.body, f.headers);
  assert.equal(result.kind, 'push');
  assert.deepEqual(result.kind === 'push' && result.events.map(expectedShape), [f.expect]);
  assert.equal(result.kind === 'push' && result.events[0]?.pushedAt, Date.UTC(2019, 10, 16, 1, 54, 34));
});

test('China regions use the amazonaws.com.cn host', () => {
  const body = loadFixture('ecr').body as Body;
  body.region = 'cn-north-1';
  const result = ecr.parse(body, {});
  assert.equal(result.kind === 'push' && result.events[0]?.registryHost, '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn');
});

test('an untagged push has no tag', () => {
  const body = loadFixture('ecr').body as Body;
  delete body.detail['image-tag'];
  const result = ecr.parse(body, {});
  assert.equal(result.kind === 'push' && result.events[0]?.tag, null);
});

test('ignores deletes, failed pushes and other EventBridge events', () => {
  assert.deepEqual(ecr.parse(loadFixture('ecr-nonpush').body, {}), { kind: 'ignored', reason: 'ECR image action DELETE SUCCESS is not a successful push' });
  const failed = loadFixture('ecr').body as Body;
  failed.detail.result = 'FAILURE';
  assert.equal(ecr.parse(failed, {}).kind, 'ignored');
  const scan = loadFixture('ecr').body as Body;
  scan['detail-type'] = 'ECR Image Scan';
  assert.equal(ecr.parse(scan, {}).kind, 'ignored');
});

test('authenticates by the API-destination connection\'s Authorization header (API key or Basic)', () => {
  const f = loadFixture('ecr');
  const verify = (value: string | null) =>
    ecr.verify({ headers: withHeader(f.headers, 'Authorization', value), rawBody: rawBodyOf(f), secret: 'eb-key-123', now: 0 });
  assert.equal(verify('eb-key-123').ok, true);
  assert.equal(verify(`Basic ${Buffer.from('capstan:eb-key-123').toString('base64')}`).ok, true);
  assert.equal(verify('eb-key-124').ok, false);
  assert.equal(verify('eb-key').ok, false);
});

test('an account that is not 12 digits is VALIDATION_FAILED at /body/account', () => {
  const body = loadFixture('ecr').body as Body;
  body.account = 'evil.example.com/x';
  assert.throws(() => ecr.parse(body, {}), invalidAt('/body/account'));
  delete (body as Record<string, unknown>).detail;
  body.account = '123456789012';
  assert.throws(() => ecr.parse(body, {}), invalidAt('/body/detail'));
});
