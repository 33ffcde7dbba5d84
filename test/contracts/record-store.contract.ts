/**
 * The deploy-record part of the Store contract (DeployRecordRepo), run on SQLite and PostgreSQL next to
 * store.contract.ts. Each test opens its own store.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Store } from '../../src/app/ports/store.ts';
import type { DeployRecord, RecordChange } from '../../src/domain/deploy-record.ts';
import { allPages, openFor, rejectsWith, type OpenStore } from './store.contract.ts';

export function aRecord(accountId: string, overrides: Partial<DeployRecord> = {}): DeployRecord {
  const id = randomUUID().replaceAll('-', '');
  return {
    id, accountId, type: 'deploy', origin: 'api', state: 'queued', taskId: null, releaseId: null, triggerId: null,
    rollbackOfRecordId: null, jobName: `capstan_deploy_20261123121600_${id.slice(0, 20)}`, hookAction: 'deploy',
    params: [{ key: 'image', type: 'text', value: 'registry.example/web:2' }, { key: 'token', type: 'encrypt', value: 'sealed:abc' }],
    plan: [{ type: 'restart', name: 'restart web', target: { clusterId: 'c1', workload: { namespace: 'shop', kind: 'Deployment', name: 'web' } } }],
    steps: [{ index: 0, name: 'restart web', type: 'restart', state: 'pending', startedAt: null, finishedAt: null, message: null, workloads: [] }],
    deadlineAt: 900_000, error: null, stopRequested: false, createdBy: { tokenId: 't1', name: 'ci' },
    createdAt: 1_000, startedAt: null, finishedAt: null, updatedAt: 1_000, ...overrides,
  };
}

export function aChange(recordId: string, overrides: Partial<RecordChange> = {}): RecordChange {
  return {
    recordId, stepIndex: 0, clusterId: 'c1', workload: { namespace: 'shop', kind: 'Deployment', name: 'web' },
    before: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } },
    after: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:2' }] } },
    at: 2_000, ...overrides,
  };
}

async function insertTaskRecord(store: Store, accountId: string, taskId: string, at: number): Promise<DeployRecord> {
  return store.transaction(async (tx) => {
    const record = aRecord(accountId, { taskId, releaseId: await tx.records.nextReleaseId(accountId, taskId), createdAt: at });
    await tx.records.insert(record);
    return record;
  });
}

export function recordStoreContract(name: string, open: OpenStore): void {
  describe(`Record store contract: ${name}`, () => {
    test('reads back an inserted record with every field, only in its own account', async (t) => {
      const store = await openFor(t, open);
      const record = aRecord('a1', { taskId: 'task-1', releaseId: 7, triggerId: 'trg', error: 'x', stopRequested: true, startedAt: 1_500 });
      await store.records.insert(record);
      assert.deepEqual(await store.records.get('a1', record.id), record);
      assert.equal(await store.records.get('a2', record.id), null);
      const bare = aRecord('a1', { createdBy: null, params: [], steps: [], plan: [] });
      await store.records.insert(bare);
      assert.deepEqual(await store.records.get('a1', bare.id), bare);
    });

    test('a reused id is ID_TAKEN; an unknown rollbackOfRecordId is RECORD_NOT_FOUND', async (t) => {
      const store = await openFor(t, open);
      const record = aRecord('a1');
      await store.records.insert(record);
      await rejectsWith(store.records.insert(aRecord('a1', { id: record.id })), 'ID_TAKEN');
      await rejectsWith(store.records.insert(aRecord('a1', { type: 'rollback', rollbackOfRecordId: 'f'.repeat(32) })), 'RECORD_NOT_FOUND');
      const rollback = aRecord('a1', { type: 'rollback', rollbackOfRecordId: record.id });
      await store.records.insert(rollback);
      assert.equal((await store.records.get('a1', rollback.id))?.rollbackOfRecordId, record.id);
    });

    test('a task has at most one queued or running record (DEPLOY_IN_PROGRESS), and others are unaffected', async (t) => {
      const store = await openFor(t, open);
      const first = await insertTaskRecord(store, 'a1', 'task-1', 1_000);
      assert.equal(first.releaseId, 1);
      await rejectsWith(store.records.insert(aRecord('a1', { taskId: 'task-1', releaseId: 2, state: 'running' })), 'DEPLOY_IN_PROGRESS');
      // Another task, another account, and records without a task are not constrained.
      await insertTaskRecord(store, 'a1', 'task-2', 1_000);
      await insertTaskRecord(store, 'a2', 'task-1', 1_000);
      await store.records.insert(aRecord('a1'));
      await store.records.insert(aRecord('a1'));
      assert.equal((await store.records.activeForTask('a1', 'task-1'))?.id, first.id);

      assert.equal(await store.records.update('a1', first.id, { state: 'succeeded', finishedAt: 2_000, updatedAt: 2_000 }), true);
      assert.equal(await store.records.activeForTask('a1', 'task-1'), null);
      const second = await insertTaskRecord(store, 'a1', 'task-1', 3_000);
      assert.equal(second.releaseId, 2);
      // A finished record may share the task; a reused release id may not.
      await rejectsWith(store.records.insert(aRecord('a1', { taskId: 'task-1', releaseId: 1, state: 'failed' })), 'DEPLOY_IN_PROGRESS');
    });

    test('two concurrent starts of one task: exactly one inserts, the other gets DEPLOY_IN_PROGRESS', async (t) => {
      const store = await openFor(t, open);
      for (let round = 0; round < 3; round++) {
        const taskId = `task-${round}`;
        const results = await Promise.allSettled([1, 2, 3].map(() => insertTaskRecord(store, 'a1', taskId, 1_000 + round)));
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        assert.equal(won.length, 1, `round ${round}: ${lost.map((l) => String(l.reason)).join('; ')}`);
        for (const l of lost) assert.equal((l.reason as { code?: string }).code, 'DEPLOY_IN_PROGRESS');
        assert.equal((await store.records.list('a1', { limit: 10, taskId })).items.length, 1);
      }
    });

    test('nextReleaseId counts per task and account', async (t) => {
      const store = await openFor(t, open);
      assert.equal(await store.records.nextReleaseId('a1', 'task-1'), 1);
      await store.records.insert(aRecord('a1', { taskId: 'task-1', releaseId: 41, state: 'succeeded' }));
      assert.equal(await store.records.nextReleaseId('a1', 'task-1'), 42);
      assert.equal(await store.records.nextReleaseId('a1', 'task-2'), 1);
      assert.equal(await store.records.nextReleaseId('a2', 'task-1'), 1);
    });

    test('update moves the record on only from an expected state, and writes nothing otherwise', async (t) => {
      const store = await openFor(t, open);
      const record = aRecord('a1');
      await store.records.insert(record);
      const steps = [{ ...record.steps[0]!, state: 'running' as const, startedAt: 1_100 }];
      assert.equal(await store.records.update('a1', record.id, { state: 'running', startedAt: 1_100, steps, updatedAt: 1_100 }, ['queued']), true);
      assert.equal(await store.records.update('a1', record.id, { state: 'stopped', error: 'late', updatedAt: 1_200 }, ['queued']), false);
      let stored = await store.records.get('a1', record.id);
      assert.equal(stored?.state, 'running');
      assert.equal(stored?.error, null);
      assert.equal(stored?.updatedAt, 1_100);
      assert.deepEqual(stored?.steps, steps);

      assert.equal(await store.records.update('a1', record.id, { stopRequested: true, updatedAt: 1_300 }), true);
      assert.equal(await store.records.update('a1', record.id, { state: 'failed', error: 'Step 1 failed', finishedAt: 1_400, updatedAt: 1_400 }, ['running', 'queued']), true);
      stored = await store.records.get('a1', record.id);
      assert.deepEqual(
        { state: stored?.state, error: stored?.error, stop: stored?.stopRequested, started: stored?.startedAt, finished: stored?.finishedAt },
        { state: 'failed', error: 'Step 1 failed', stop: true, started: 1_100, finished: 1_400 },
      );
      assert.equal(await store.records.update('a1', record.id, { state: 'running', updatedAt: 1_500 }, []), false);
      assert.equal(await store.records.update('a2', record.id, { state: 'running', updatedAt: 1_500 }), false, 'other account');
      assert.equal(await store.records.update('a1', 'f'.repeat(32), { state: 'running', updatedAt: 1_500 }), false, 'unknown id');
    });

    test('list filters by task, trigger, state, type and time window; count agrees', async (t) => {
      const store = await openFor(t, open);
      const records = [
        aRecord('a1', { taskId: 'task-1', releaseId: 1, state: 'succeeded', createdAt: 1_000 }),
        aRecord('a1', { taskId: 'task-1', releaseId: 2, state: 'failed', type: 'rollback', createdAt: 2_000 }),
        aRecord('a1', { triggerId: 'trg-1', type: 'trigger', origin: 'trigger-url', createdAt: 3_000 }),
        aRecord('a1', { state: 'running', createdAt: 4_000 }),
        aRecord('a2', { taskId: 'task-1', releaseId: 1, createdAt: 5_000 }),
      ];
      for (const r of records) await store.records.insert(r);
      const ids = async (query: Parameters<Store['records']['list']>[1]) => (await store.records.list('a1', query)).items.map((r) => r.id);
      const [r0, r1, r2, r3] = records.map((r) => r.id);
      assert.deepEqual(await ids({ limit: 10 }), [r3, r2, r1, r0], 'newest first, own account');
      assert.deepEqual(await ids({ limit: 10, taskId: 'task-1' }), [r1, r0]);
      assert.deepEqual(await ids({ limit: 10, triggerId: 'trg-1' }), [r2]);
      assert.deepEqual(await ids({ limit: 10, state: 'failed' }), [r1]);
      assert.deepEqual(await ids({ limit: 10, type: 'deploy' }), [r3, r0]);
      assert.deepEqual(await ids({ limit: 10, from: 2_000, to: 3_000 }), [r2, r1]);
      assert.equal(await store.records.count('a1', {}), 4);
      assert.equal(await store.records.count('a1', { taskId: 'task-1', state: 'succeeded' }), 1);
      assert.equal(await store.records.count('a2', {}), 1);
    });

    test('pages walk every record once, newest first, with ties on created_at broken by id', async (t) => {
      const store = await openFor(t, open);
      const inserted = Array.from({ length: 7 }, (_, i) => aRecord('a1', { createdAt: 1_000 + Math.floor(i / 3) }));
      for (const r of inserted) await store.records.insert(r);
      const pages = await allPages((cursor) => store.records.list('a1', { limit: 3, cursor }));
      assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
      const expected = [...inserted].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).map((r) => r.id);
      assert.deepEqual(pages.flat().map((r) => r.id), expected);
      await rejectsWith(store.records.list('a1', { limit: 3, cursor: 'not-a-cursor' }), 'VALIDATION_FAILED');
    });

    test('offset pages by position within the filter, newest first, and composes with the cursor', async (t) => {
      const store = await openFor(t, open);
      const inserted = Array.from({ length: 7 }, (_, i) => aRecord('a1', { taskId: 'task-1', releaseId: i + 1, state: 'succeeded', createdAt: 1_000 + Math.floor(i / 3) }));
      for (const r of [...inserted, aRecord('a1', { createdAt: 1_001 }), aRecord('a2', { taskId: 'task-1', releaseId: 1, createdAt: 1_001 })]) {
        await store.records.insert(r);
      }
      const expected = [...inserted].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).map((r) => r.id);
      const ids = async (query: Parameters<Store['records']['list']>[1]) => (await store.records.list('a1', query)).items.map((r) => r.id);
      assert.deepEqual(await ids({ taskId: 'task-1', limit: 3, offset: 0 }), expected.slice(0, 3));
      assert.deepEqual(await ids({ taskId: 'task-1', limit: 3, offset: 2 }), expected.slice(2, 5), 'across a created_at tie');
      assert.deepEqual(await ids({ taskId: 'task-1', limit: 3, offset: 6 }), expected.slice(6));
      assert.deepEqual(await ids({ taskId: 'task-1', limit: 3, offset: 7 }), []);
      assert.deepEqual(await ids({ taskId: 'task-1', from: 1_001, to: 1_001, limit: 2, offset: 1 }), expected.slice(2, 4), 'within a time window');
      const page = await store.records.list('a1', { taskId: 'task-1', limit: 2, offset: 4 });
      assert.notEqual(page.nextCursor, null, 'a page with more after it still hands out a cursor');
      assert.deepEqual(await ids({ taskId: 'task-1', limit: 10, cursor: page.nextCursor, offset: 0 }), expected.slice(6));
      assert.deepEqual(await ids({ taskId: 'task-1', limit: 10, cursor: (await store.records.list('a1', { taskId: 'task-1', limit: 1 })).nextCursor, offset: 2 }), expected.slice(3));
      assert.equal((await store.records.list('a1', { taskId: 'task-1', limit: 2, offset: 5 })).nextCursor, null, 'the last page has none');
      await rejectsWith(store.records.list('a1', { limit: 3, offset: -1 }), 'VALIDATION_FAILED');
      await rejectsWith(store.records.list('a1', { limit: 3, offset: 1.5 }), 'VALIDATION_FAILED');
    });

    test('changes come back in write order; a second change of one workload in one step is ID_TAKEN', async (t) => {
      const store = await openFor(t, open);
      const record = aRecord('a1');
      await store.records.insert(record);
      const web = aChange(record.id, { at: 2_000 });
      const api = aChange(record.id, { workload: { namespace: 'shop', kind: 'StatefulSet', name: 'db' }, at: 2_500 });
      const later = aChange(record.id, { stepIndex: 1, at: 3_000, before: {} });
      for (const c of [later, api, web]) await store.records.addChange(c);
      assert.deepEqual(await store.records.changes(record.id), [web, api, later]);
      await rejectsWith(store.records.addChange(aChange(record.id, { at: 9_000 })), 'ID_TAKEN');
      await rejectsWith(store.records.addChange(aChange('f'.repeat(32))), 'RECORD_NOT_FOUND');
      assert.deepEqual(await store.records.changes('f'.repeat(32)), []);
    });

    test('a record inserted in a transaction that fails is not stored', async (t) => {
      const store = await openFor(t, open);
      const record = aRecord('a1');
      await assert.rejects(store.transaction(async (tx) => {
        await tx.records.insert(record);
        await tx.records.addChange(aChange(record.id));
        throw new Error('caller failed');
      }), /caller failed/);
      assert.equal(await store.records.get('a1', record.id), null);
      assert.deepEqual(await store.records.changes(record.id), []);
    });

    test('orphaned: active records whose job ended or vanished, not those whose job can still run', async (t) => {
      const store = await openFor(t, open);
      let jobs = 0;
      const job = async (state: 'queued' | 'running' | 'failed' | 'succeeded') => {
        const kind = `deploy.run.${++jobs}`; // one kind per job, so each claim takes exactly this one
        const { job: j } = await store.jobs.enqueue({ accountId: 'a1', kind, payload: {} });
        if (state === 'queued') return j.id;
        const claimed = await store.jobs.claim('w', 60_000, [kind]);
        assert.equal(claimed?.id, j.id);
        const lease = { id: j.id, owner: 'w', fence: claimed.fence };
        if (state === 'failed') await store.jobs.fail(lease, 'boom', null);
        if (state === 'succeeded') await store.jobs.complete(lease, null);
        return j.id;
      };
      const live = aRecord('a1', { state: 'queued', createdAt: 1 });
      const running = aRecord('a1', { state: 'running', createdAt: 2 });
      const deadJob = aRecord('a1', { state: 'running', createdAt: 3 });
      const doneJob = aRecord('a2', { state: 'queued', createdAt: 4 });
      const missingJob = aRecord('a1', { state: 'running', createdAt: 5 });
      const finished = aRecord('a1', { state: 'failed', createdAt: 6 });
      const noJob = aRecord('a1', { state: 'running', createdAt: 7 });
      await store.records.insert(live, await job('queued'));
      await store.records.insert(running, await job('running'));
      await store.records.insert(deadJob, await job('failed'));
      await store.records.insert(doneJob, await job('succeeded'));
      await store.records.insert(missingJob, 'no-such-job');
      await store.records.insert(finished, await job('failed'));
      await store.records.insert(noJob);
      assert.deepEqual((await store.records.orphaned(10)).map((r) => r.id), [deadJob.id, doneJob.id, missingJob.id]);
      assert.deepEqual((await store.records.orphaned(1)).map((r) => r.id), [deadJob.id]);
      assert.equal(await store.records.countActive(), 6, 'every queued or running record, of any account');
    });
  });
}
