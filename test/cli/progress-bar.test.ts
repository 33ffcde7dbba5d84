/** The `--wait` progress line and `--param` parsing, on their own. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeployRecord, RecordStep } from '../../client/index.ts';
import { UsageError } from '../../cli/cli-errors.ts';
import type { CommandContext } from '../../cli/command.ts';
import { followRecord } from '../../cli/follow-record.ts';
import type { CapstanClient } from '../../client/index.ts';
import { parseParams } from '../../cli/commands/tasks.ts';
import { progressLine } from '../../cli/progress-bar.ts';

function step(index: number, state: RecordStep['state'], workloads: RecordStep['workloads'] = [], message: string | null = null): RecordStep {
  return { index, name: `step ${index}`, type: 'restart', state, startedAt: null, finishedAt: null, message, workloads };
}

function record(state: DeployRecord['state'], steps: RecordStep[]): DeployRecord {
  return {
    id: 'r', type: 'deploy', origin: 'api', state, taskId: null, releaseId: null, triggerId: null, rollbackOfRecordId: null, jobName: 'j',
    hookAction: 'deploy', params: [], steps, deadlineAt: '', error: null, stopRequested: false, createdBy: null, createdAt: '',
    startedAt: null, finishedAt: null, updatedAt: '',
  };
}

describe('progressLine', () => {
  test('a queued record waits for a worker', () => {
    assert.equal(progressLine(record('queued', [step(0, 'pending')])), '[------------------------]   0% queued waiting for a worker');
  });

  test('a running step counts its workloads\' updated replicas and shows the rollout message', () => {
    const line = progressLine(record('running', [
      step(0, 'succeeded'),
      step(1, 'running', [{ clusterId: 'c', namespace: 'n', kind: 'Deployment', name: 'w', state: 'running', message: '1 of 2 updated', desired: 2, updated: 1 }]),
    ]));
    assert.equal(line, '[##################------]  74% running step 2/2 step 1 - 1 of 2 updated');
  });

  test('a finished record is whole; a failed one shows only its state', () => {
    assert.equal(progressLine(record('succeeded', [step(0, 'succeeded')])), '[########################] 100% succeeded');
    assert.equal(progressLine(record('failed', [step(0, 'failed')])), 'failed');
  });

  test('control characters from the server are escaped and the line fits the terminal', () => {
    const line = progressLine(record('running', [step(0, 'running', [], 'evil\u001b[2Jmessage '.repeat(20))]), 60);
    assert.ok(!line.includes('\u001b'));
    assert.equal(line.length, 60);
    assert.ok(line.endsWith('…'));
  });
});

describe('parseParams', () => {
  test('name=value pairs; the value keeps any further "="', () => {
    assert.deepEqual(parseParams(['a=1', 'b=x=y', 'c='], 'h'), { a: '1', b: 'x=y', c: '' });
  });

  test('a pair without a name, without "=", or given twice is a usage error', () => {
    for (const bad of [['=1'], ['novalue'], ['a=1', 'a=2']]) assert.throws(() => parseParams(bad, 'h'), UsageError);
  });
});

describe('followRecord', () => {
  const follow = async (tty: boolean) => {
    const states: DeployRecord[] = [record('queued', [step(0, 'pending')]), record('queued', [step(0, 'pending')]), record('succeeded', [step(0, 'succeeded')])];
    let stderr = '';
    const ctx = { io: { stderr: (t: string) => { stderr += t; }, stderrIsTTY: tty, env: { CAPSTAN_WAIT_POLL_MS: '100' } } } as unknown as CommandContext;
    const client = { records: { get: () => Promise.resolve(states.shift()) } } as unknown as CapstanClient;
    const final = await followRecord(ctx, client, 'r');
    return { final, stderr };
  };

  test('on a terminal the line is redrawn in place and ends with a newline', async () => {
    const { final, stderr } = await follow(true);
    assert.equal(final.state, 'succeeded');
    assert.equal(stderr, '\r\u001b[2K[------------------------]   0% queued waiting for a worker'.repeat(2) + '\r\u001b[2K[########################] 100% succeeded\n');
  });

  test('elsewhere a line is printed only when it changes', async () => {
    const { stderr } = await follow(false);
    assert.equal(stderr, '[------------------------]   0% queued waiting for a worker\n[########################] 100% succeeded\n');
  });
});
