import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DeployRecord, WorkloadProgress } from './deploy-record.ts';
import { displayUrl, parseChannelUrl, recordMessageId, routeWants } from './notification-channel.ts';
import { MAX_LISTED_WORKLOADS, recordEnvelope, recordSlackMessage, summarizeWorkloads } from './notification-message.ts';
import { AppError } from './errors.ts';

const web = (state: WorkloadProgress['state'], message: string | null = null, name = 'web'): WorkloadProgress =>
  ({ clusterId: 'prod', workload: { namespace: 'shop', kind: 'Deployment', name }, state, message });

function aFailedRecord(overrides: Partial<DeployRecord> = {}): DeployRecord {
  return {
    id: '0f3c9a1b2c4d5e6f7a8b9c0d1e2f3a4b', accountId: 'a1', type: 'deploy', origin: 'pipeline', state: 'failed',
    taskId: 'task-1', releaseId: 3, triggerId: null, rollbackOfRecordId: null, jobName: 'capstan_deploy_20261123121600_0f3c9a1b2c4d5e6f7a8b',
    hookAction: 'deploy', params: [{ key: 'token', type: 'encrypt', value: 'v1.sealed-param' }],
    plan: [{ type: 'set-image', name: 'image', target: { clusterId: 'prod', workload: { namespace: 'shop', kind: 'Deployment', name: 'web' } }, container: 'web', image: 'web:${tag}' }],
    steps: [
      { index: 0, name: 'image', type: 'set-image', state: 'succeeded', startedAt: 1, finishedAt: 2, message: null, workloads: [web('running'), web('succeeded', null, 'api')] },
      { index: 1, name: 'wait', type: 'wait-rollout', state: 'failed', startedAt: 2, finishedAt: 3, message: 'x', workloads: [web('failed', 'ImagePullBackOff <b>&')] },
    ],
    deadlineAt: 10, error: 'Step 2 "wait" failed: ImagePullBackOff', stopRequested: false, createdBy: { tokenId: 't1', name: 'ci' },
    createdAt: Date.UTC(2026, 10, 23, 12), startedAt: Date.UTC(2026, 10, 23, 12, 0, 1), finishedAt: Date.UTC(2026, 10, 23, 12, 5), updatedAt: Date.UTC(2026, 10, 23, 12, 5),
    ...overrides,
  };
}

describe('notification messages', () => {
  const input = (record = aFailedRecord(), rollbackToRecordId: string | null = 'aa'.repeat(16)) => ({
    event: 'record.failed' as const, messageId: recordMessageId(record.id, 'c0ffee00-0000-4000-8000-000000000001'), record, rollbackToRecordId, publicUrl: 'https://capstan.example',
  });

  test('the JSON envelope carries type, id, time and the record facts, links and rollback call, never params', () => {
    const env = recordEnvelope(input());
    assert.equal(env.type, 'record.failed');
    assert.equal(env.id, 'msg_0f3c9a1b2c4d5e6f7a8b9c0d1e2f3a4b_c0ffee0000004000800000000000000' + '1');
    assert.equal(env.time, '2026-11-23T12:05:00.000Z');
    assert.deepEqual(env.data.record, {
      id: '0f3c9a1b2c4d5e6f7a8b9c0d1e2f3a4b', type: 'deploy', origin: 'pipeline', state: 'failed', error: 'Step 2 "wait" failed: ImagePullBackOff',
      taskId: 'task-1', triggerId: null, rollbackOfRecordId: null, jobName: 'capstan_deploy_20261123121600_0f3c9a1b2c4d5e6f7a8b',
      createdBy: { tokenId: 't1', name: 'ci' }, createdAt: '2026-11-23T12:00:00.000Z', startedAt: '2026-11-23T12:00:01.000Z', finishedAt: '2026-11-23T12:05:00.000Z',
    });
    assert.deepEqual(env.data.links, {
      record: 'https://capstan.example/ui/records/0f3c9a1b2c4d5e6f7a8b9c0d1e2f3a4b',
      api: 'https://capstan.example/api/v1/deploy-records/0f3c9a1b2c4d5e6f7a8b9c0d1e2f3a4b',
    });
    assert.deepEqual(env.data.rollback, { method: 'POST', url: `https://capstan.example/api/v1/deploy-records/${'aa'.repeat(16)}/rollback`, toRecordId: 'aa'.repeat(16) });
    assert.equal(recordEnvelope(input(aFailedRecord(), null)).data.rollback, null);
    assert.ok(!JSON.stringify(env).includes('v1.sealed-param'), 'params stay out');
  });

  test('the workload summary keeps each workload\'s last outcome, in first-touched order, and caps the list', () => {
    const summary = summarizeWorkloads(aFailedRecord());
    assert.deepEqual(summary, {
      total: 2, succeeded: 1, failed: 1, stopped: 0, other: 0, truncated: false,
      items: [
        { clusterId: 'prod', namespace: 'shop', kind: 'Deployment', name: 'web', state: 'failed', message: 'ImagePullBackOff <b>&' },
        { clusterId: 'prod', namespace: 'shop', kind: 'Deployment', name: 'api', state: 'succeeded', message: null },
      ],
    });
    const many = Array.from({ length: MAX_LISTED_WORKLOADS + 3 }, (_, i) => web('succeeded', null, `w${i}`));
    const big = summarizeWorkloads({ steps: [{ ...aFailedRecord().steps[0]!, workloads: many }] });
    assert.equal(big.total, MAX_LISTED_WORKLOADS + 3);
    assert.equal(big.items.length, MAX_LISTED_WORKLOADS);
    assert.equal(big.truncated, true);
  });

  test('the Slack message has text and Block Kit blocks with the same facts, escaped, within Slack\'s limits', () => {
    const msg = recordSlackMessage(input());
    assert.match(msg.text, /^:x: Capstan deploy record 0f3c9a1b2c4d \(task task-1\) failed: Step 2 "wait" failed: ImagePullBackOff$/);
    const json = JSON.stringify(msg.blocks);
    assert.ok(json.includes('<https://capstan.example/ui/records/0f3c9a1b2c4d5e6f7a8b9c0d1e2f3a4b|Deploy record 0f3c9a1b2c4d>'));
    assert.ok(json.includes('ImagePullBackOff &lt;b&gt;&amp;'), 'mrkdwn control characters are escaped');
    assert.ok(json.includes(`POST https://capstan.example/api/v1/deploy-records/${'aa'.repeat(16)}/rollback`));
    const types = msg.blocks.map((b) => b['type']);
    assert.deepEqual(types, ['section', 'section', 'section', 'context', 'actions']);
    const fields = (msg.blocks[1] as { fields: { text: string }[] }).fields;
    assert.ok(fields.length <= 10);
    assert.deepEqual(fields.slice(0, 3).map((f) => f.text), ['*Type*\ndeploy', '*Origin*\npipeline', '*Task*\ntask-1']);
    assert.ok(fields.some((f) => f.text === '*Workloads*\n1 succeeded, 1 failed'));
    const button = (msg.blocks[4] as { elements: { url: string }[] }).elements[0];
    assert.equal(button?.url, 'https://capstan.example/ui/records/0f3c9a1b2c4d5e6f7a8b9c0d1e2f3a4b');
    for (const block of msg.blocks) {
      const text = (block as { text?: { text: string } }).text?.text ?? '';
      assert.ok(text.length < 3_000);
    }
  });
});

describe('notification channels', () => {
  test('urls must be absolute http(s) without credentials; only the origin is shown', () => {
    assert.equal(displayUrl(parseChannelUrl('https://hooks.slack.com/services/T0/B0/XXXX')), 'https://hooks.slack.com/…');
    assert.equal(displayUrl(parseChannelUrl('http://127.0.0.1:9000/?token=abc')), 'http://127.0.0.1:9000/…');
    assert.equal(displayUrl(parseChannelUrl('http://receiver.example')), 'http://receiver.example');
    for (const bad of ['/relative', 'ftp://x.example/', 'https://user:pw@x.example/', 'not a url', 'https://x.example/#frag']) {
      assert.throws(() => parseChannelUrl(bad), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.errors[0]?.pointer === '/body/url', bad);
    }
  });

  test('a route wants its events and every filter field given', () => {
    const record = { origin: 'trigger-url' as const, taskId: null, triggerId: 'trg-1' };
    assert.equal(routeWants({ id: 'c', events: ['record.failed'], filter: {} }, 'record.failed', record), true);
    assert.equal(routeWants({ id: 'c', events: ['record.failed'], filter: {} }, 'record.succeeded', record), false);
    assert.equal(routeWants({ id: 'c', events: ['record.failed'], filter: { triggerId: 'trg-1', origin: 'trigger-url' } }, 'record.failed', record), true);
    assert.equal(routeWants({ id: 'c', events: ['record.failed'], filter: { triggerId: 'trg-2' } }, 'record.failed', record), false);
    assert.equal(routeWants({ id: 'c', events: ['record.failed'], filter: { taskId: 'task-1' } }, 'record.failed', record), false);
    assert.equal(routeWants({ id: 'c', events: ['record.failed'], filter: { origin: 'api' } }, 'record.failed', record), false);
  });
});
