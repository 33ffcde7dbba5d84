import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeployRecord } from './deploy-record.ts';
import { downgradeRefusal, downgradeSkipOf, imageTagOf } from './downgrade-guard.ts';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

test('the tag of a reference ignores a registry port and a pinned digest', () => {
  assert.equal(imageTagOf('registry.test:5000/team/web:v1.5.0'), 'v1.5.0');
  assert.equal(imageTagOf(`registry.test:5000/team/web:v1.5.0@${DIGEST}`), 'v1.5.0');
  assert.equal(imageTagOf('web:1.2.3'), '1.2.3');
  assert.equal(imageTagOf('registry.test:5000/team/web'), null);
  assert.equal(imageTagOf(`registry.test:5000/team/web@${DIGEST}`), null);
  assert.equal(imageTagOf('web:'), null);
});

test('a lower semantic version is refused with a message naming both tags', () => {
  assert.equal(
    downgradeRefusal('r.test:5000/team/web:v1.5.0', 'r.test:5000/team/web:v1.4.0'),
    'Not deployed: v1.4.0 is older than the running v1.5.0 (no-downgrade guard; set allowDowngrade on the trigger to allow it)',
  );
  assert.match(downgradeRefusal('r/web:8.1.0', 'r/web:8.0.0') ?? '', /^Not deployed: 8\.0\.0 is older than the running 8\.1\.0/);
  assert.match(downgradeRefusal('r/web:1.5.0', 'r/web:1.5.0-rc.1') ?? '', /1\.5\.0-rc\.1 is older/);
  assert.ok(downgradeRefusal(`r/web:v1.5.0@${DIGEST}`, `r/web:v1.4.0@sha256:${'cd'.repeat(32)}`), 'digest-pinned: the tags compare');
  assert.ok(downgradeRefusal('r/web:v1.10.0', 'r/web:1.9.0'), 'numeric, with and without v');
});

test('higher or equal versions, non-semver tags and unknown running images go ahead', () => {
  assert.equal(downgradeRefusal('r/web:v1.4.0', 'r/web:v1.5.0'), null);
  assert.equal(downgradeRefusal('r/web:v1.5.0', `r/web:v1.5.0@${DIGEST}`), null, 'equal is not a downgrade');
  assert.equal(downgradeRefusal('r/web:1.5.0+b1', 'r/web:1.5.0+b0'), null, 'build metadata does not count');
  assert.equal(downgradeRefusal('r/web:latest', 'r/web:v1.0.0'), null);
  assert.equal(downgradeRefusal('r/web:v2.0.0', 'r/web:sha-abc1234'), null);
  assert.equal(downgradeRefusal('r/web:v2.0.0', 'r/web:1.0'), null);
  assert.equal(downgradeRefusal(`r/web@${DIGEST}`, 'r/web:v1.0.0'), null);
  assert.equal(downgradeRefusal(null, 'r/web:v1.0.0'), null);
});

test('a finished record names the guard only from a step marked unlessDowngrade', () => {
  const message = downgradeRefusal('r/web:v1.5.0', 'r/web:v1.4.0');
  const workload = { namespace: 'default', kind: 'Deployment' as const, name: 'web' };
  const record = (unlessDowngrade: boolean | undefined, text: string | null): Pick<DeployRecord, 'plan' | 'steps'> => ({
    plan: [{
      type: 'set-image', name: 'set', target: { clusterId: 'c1', workload }, container: 'web', image: 'r/web:v1.4.0',
      ...(unlessDowngrade === undefined ? {} : { unlessDowngrade }),
    }],
    steps: [{
      index: 0, name: 'set', type: 'set-image', state: 'succeeded', startedAt: 1, finishedAt: 2, message: text,
      workloads: [{ clusterId: 'c1', workload, state: 'succeeded', message: text }],
    }],
  });
  assert.equal(downgradeSkipOf(record(true, message)), message);
  assert.equal(downgradeSkipOf(record(true, 'deployment "web" successfully rolled out')), null);
  assert.equal(downgradeSkipOf(record(undefined, message)), null);
  assert.equal(downgradeSkipOf(record(false, message)), null);
});
