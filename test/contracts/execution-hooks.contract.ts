/**
 * Store contract of the execution-hook family (migration 0007): hook sources, execution hooks and the feature
 * switch, overrides, protection operations and hook runs. Every implementation (SQLite, PostgreSQL) must pass it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test, type TestContext } from 'node:test';
import type { Store } from '../../src/app/ports/store.ts';
import type { ExecutionHook, ExecutionHookOverride } from '../../src/domain/execution-hook.ts';
import type { HookRun } from '../../src/domain/hook-run.ts';
import type { HookSource } from '../../src/domain/hook-source.ts';
import type { ProtectionOperation } from '../../src/domain/protection-operation.ts';
import { allPages, anAccount, anApplication, aSeededApplication, openFor, rejectsWith, type OpenStore } from './store.contract.ts';

export function aHookSource(accountId: string, overrides: Partial<HookSource> = {}): HookSource {
  return {
    id: randomUUID(), accountId, name: `src-${randomUUID().slice(0, 8)}`, sourceType: 'script', source: 'IyEvYmluL3NoCg==',
    sourceMd5: '0'.repeat(32), private: false, preloaded: false, description: '', labels: [{ name: 'team', value: 'payroll' }],
    createdBy: 'token-1', modifiedBy: null, createdAt: 1_000, updatedAt: 1_000, ...overrides,
  };
}

export function anExecutionHook(accountId: string, applicationId: string | null, hookSourceId: string, overrides: Partial<ExecutionHook> = {}): ExecutionHook {
  return {
    id: randomUUID(), accountId, name: `hook-${randomUUID().slice(0, 8)}`, hookType: applicationId === null ? 'netapp' : 'custom',
    applicationId, action: 'snapshot', stage: 'pre', matchingCriteria: [{ type: 'containerImage', value: '\\bpayroll\\b' }],
    hookSourceId, arguments: ['freeze'], enabled: true, description: 'Payroll production hook', failureMode: 'soft', timeoutMs: null,
    schemaVersion: '1.2', labels: [], createdBy: 'token-1', modifiedBy: null, createdAt: 1_000, updatedAt: 1_000, ...overrides,
  };
}

function anOperation(accountId: string, applicationId: string, overrides: Partial<ProtectionOperation> = {}): ProtectionOperation {
  return {
    id: randomUUID(), accountId, applicationId, action: 'snapshot', name: `snap-${randomUUID().slice(0, 8)}`, state: 'pending',
    stateUnready: [], hookState: null, hookStateDetails: [], volumeSnapshots: [], schemaVersion: '1.3', createdBy: null,
    createdAt: 1_000, startedAt: null, finishedAt: null, snapshotAt: null, updatedAt: 1_000, ...overrides,
  };
}

function aRun(accountId: string, owner: { recordId?: string; operationId?: string }, overrides: Partial<HookRun> = {}): Omit<HookRun, 'seq'> {
  return {
    id: randomUUID(), accountId, recordId: owner.recordId ?? null, operationId: owner.operationId ?? null, executionHookId: 'h',
    hookName: 'payroll', hookType: 'custom', applicationId: 'app', action: 'snapshot', stage: 'pre', failureMode: 'soft',
    arguments: ['freeze'], namespace: 'ns', podName: 'p', containerName: 'c', containerImage: 'i', state: 'running', exitCode: null,
    message: null, stdoutTail: '', stderrTail: '', startedAt: 2_000, finishedAt: null, durationMs: null, createdAt: 2_000, ...overrides,
  };
}

interface World {
  readonly store: Store;
  readonly accountId: string;
  readonly appId: string;
  readonly otherAppId: string;
  readonly source: HookSource;
}

async function world(t: TestContext, open: OpenStore): Promise<World> {
  const store = await openFor(t, open);
  const { account, cluster, app } = await aSeededApplication(store);
  const other = anApplication(account.id, cluster.id);
  await store.applications.insert(other);
  const source = aHookSource(account.id);
  await store.hookSources.insert(source);
  return { store, accountId: account.id, appId: app.id, otherAppId: other.id, source };
}

export function executionHookStoreContract(name: string, open: OpenStore): void {
  describe(`Execution-hook store contract: ${name}`, () => {
    test('hook sources round-trip, list oldest first across pages, and are replaced in place', async (t) => {
      const { store, accountId, source } = await world(t, open);
      assert.deepEqual(await store.hookSources.get(accountId, source.id), source);
      const more = [aHookSource(accountId, { createdAt: 2_000, preloaded: true, private: true }), aHookSource(accountId, { createdAt: 3_000 })];
      for (const s of more) await store.hookSources.insert(s);
      const pages = await allPages((cursor) => store.hookSources.list(accountId, { limit: 2, cursor }));
      assert.deepEqual(pages.flat().map((s) => s.id), [source.id, ...more.map((s) => s.id)]);
      assert.equal(pages[0]!.length, 2);
      const changed = { ...source, name: 'renamed', source: 'ZWNobwo=', sourceMd5: 'f'.repeat(32), modifiedBy: 'token-2', updatedAt: 5_000 };
      await store.hookSources.update(changed);
      assert.deepEqual(await store.hookSources.get(accountId, source.id), changed);
      assert.equal((await store.hookSources.get(accountId, more[0]!.id))?.preloaded, true);
    });

    test('hook source names are unique per account, not across accounts', async (t) => {
      const { store, accountId, source } = await world(t, open);
      await rejectsWith(store.hookSources.insert(aHookSource(accountId, { name: source.name })), 'NAME_TAKEN');
      const other = anAccount();
      await store.accounts.insert(other);
      await store.hookSources.insert(aHookSource(other.id, { name: source.name }));
      await rejectsWith(store.hookSources.update(aHookSource(accountId)), 'RESOURCE_NOT_FOUND');
      assert.equal(await store.hookSources.get(other.id, source.id), null, 'another account cannot read it');
    });

    test('execution hooks round-trip with criteria, arguments and extensions', async (t) => {
      const { store, accountId, appId, source } = await world(t, open);
      const hook = anExecutionHook(accountId, appId, source.id, { failureMode: 'hard', timeoutMs: 90_000, labels: [{ name: 'a', value: 'b' }], enabled: false });
      await store.executionHooks.insert(hook);
      assert.deepEqual(await store.executionHooks.get(accountId, hook.id), hook);
      const changed: ExecutionHook = { ...hook, stage: 'post', arguments: [], matchingCriteria: [], timeoutMs: null, modifiedBy: 't2', updatedAt: 9_000 };
      await store.executionHooks.update(changed);
      assert.deepEqual(await store.executionHooks.get(accountId, hook.id), changed);
      await rejectsWith(store.executionHooks.update(anExecutionHook(accountId, appId, source.id)), 'RESOURCE_NOT_FOUND');
    });

    test('hook names are unique across all hooks of the account, NetApp-provided ones included', async (t) => {
      const { store, accountId, appId, otherAppId, source } = await world(t, open);
      const netapp = anExecutionHook(accountId, null, source.id, { name: 'netapp-mysql-pre-snapshot' });
      await store.executionHooks.insert(netapp);
      await rejectsWith(store.executionHooks.insert(anExecutionHook(accountId, appId, source.id, { name: netapp.name })), 'NAME_TAKEN');
      const hook = anExecutionHook(accountId, appId, source.id, { name: 'Payroll' });
      await store.executionHooks.insert(hook);
      await rejectsWith(store.executionHooks.insert(anExecutionHook(accountId, otherAppId, source.id, { name: 'Payroll' })), 'NAME_TAKEN');
      await rejectsWith(store.executionHooks.update({ ...hook, name: netapp.name }), 'NAME_TAKEN');
    });

    test('a hook needs an existing source and application of the account', async (t) => {
      const { store, accountId, appId, source } = await world(t, open);
      await rejectsWith(store.executionHooks.insert(anExecutionHook(accountId, appId, randomUUID())), 'RESOURCE_NOT_FOUND');
      await rejectsWith(store.executionHooks.insert(anExecutionHook(accountId, randomUUID(), source.id)), 'RESOURCE_NOT_FOUND');
      const other = anAccount();
      await store.accounts.insert(other);
      await rejectsWith(store.executionHooks.insert(anExecutionHook(other.id, null, source.id)), 'RESOURCE_NOT_FOUND');
    });

    test('a source a hook references cannot be deleted; once unreferenced it can', async (t) => {
      const { store, accountId, appId, source } = await world(t, open);
      const hook = anExecutionHook(accountId, appId, source.id);
      await store.executionHooks.insert(hook);
      assert.equal(await store.executionHooks.countBySource(accountId, source.id), 1);
      await rejectsWith(store.hookSources.delete(accountId, source.id), 'RESOURCE_IN_USE');
      assert.equal(await store.executionHooks.delete(accountId, hook.id), true);
      assert.equal(await store.executionHooks.delete(accountId, hook.id), false);
      assert.equal(await store.executionHooks.countBySource(accountId, source.id), 0);
      assert.equal(await store.hookSources.delete(accountId, source.id), true);
      assert.equal(await store.hookSources.get(accountId, source.id), null);
    });

    test('lists page oldest first and filter by application', async (t) => {
      const { store, accountId, appId, otherAppId, source } = await world(t, open);
      const hooks = [1, 2, 3, 4, 5].map((n) => anExecutionHook(accountId, n % 2 ? appId : otherAppId, source.id, { createdAt: n * 1_000 }));
      for (const h of [...hooks].reverse()) await store.executionHooks.insert(h);
      const all = (await allPages((cursor) => store.executionHooks.list(accountId, { limit: 2, cursor }))).flat();
      assert.deepEqual(all.map((h) => h.id), hooks.map((h) => h.id));
      const mine = (await allPages((cursor) => store.executionHooks.list(accountId, { limit: 1, cursor, applicationId: appId }))).flat();
      assert.deepEqual(mine.map((h) => h.id), [hooks[0]!.id, hooks[2]!.id, hooks[4]!.id]);
    });

    test('forPhase returns the application\'s hooks of one action phase plus the NetApp-provided ones, by name', async (t) => {
      const { store, accountId, appId, otherAppId, source } = await world(t, open);
      const wanted = [
        anExecutionHook(accountId, appId, source.id, { name: 'b-mine' }),
        anExecutionHook(accountId, null, source.id, { name: 'a-netapp' }),
        anExecutionHook(accountId, appId, source.id, { name: 'c-disabled', enabled: false }),
      ];
      const unwanted = [
        anExecutionHook(accountId, otherAppId, source.id, { name: 'other-app' }),
        anExecutionHook(accountId, appId, source.id, { name: 'post', stage: 'post' }),
        anExecutionHook(accountId, appId, source.id, { name: 'redeploy', action: 'redeploy' }),
      ];
      for (const h of [...wanted, ...unwanted]) await store.executionHooks.insert(h);
      const found = await store.executionHooks.forPhase(accountId, appId, 'snapshot', 'pre');
      assert.deepEqual(found.map((h) => h.name), ['a-netapp', 'b-mine', 'c-disabled']);
      assert.deepEqual((await store.executionHooks.forPhase(accountId, appId, 'redeploy', 'pre')).map((h) => h.name), ['redeploy']);
    });

    test('the feature switch is on until set, and can be set both ways', async (t) => {
      const { store, accountId } = await world(t, open);
      assert.equal(await store.executionHooks.featureEnabled(accountId), true);
      await store.executionHooks.setFeatureEnabled(accountId, false, 2_000);
      assert.equal(await store.executionHooks.featureEnabled(accountId), false);
      await store.executionHooks.setFeatureEnabled(accountId, true, 3_000);
      assert.equal(await store.executionHooks.featureEnabled(accountId), true);
    });

    test('overrides: one per hook and application, listed, changed, and gone with their hook or application', async (t) => {
      const { store, accountId, appId, otherAppId, source } = await world(t, open);
      const netapp = anExecutionHook(accountId, null, source.id);
      await store.executionHooks.insert(netapp);
      const override: ExecutionHookOverride = {
        id: randomUUID(), accountId, applicationId: appId, executionHookId: netapp.id, enabled: false, labels: [],
        createdBy: 't', modifiedBy: null, createdAt: 1_000, updatedAt: 1_000,
      };
      await store.hookOverrides.insert(override);
      await rejectsWith(store.hookOverrides.insert({ ...override, id: randomUUID() }), 'NAME_TAKEN');
      await store.hookOverrides.insert({ ...override, id: randomUUID(), applicationId: otherAppId });
      assert.deepEqual(await store.hookOverrides.get(accountId, appId, override.id), override);
      assert.equal(await store.hookOverrides.get(accountId, otherAppId, override.id), null, 'scoped to its application');
      assert.deepEqual((await store.hookOverrides.forApplication(accountId, appId)).map((o) => o.id), [override.id]);
      assert.deepEqual((await store.hookOverrides.list(accountId, appId, { limit: 10 })).items, [override]);
      await store.hookOverrides.update({ ...override, enabled: true, updatedAt: 2_000 });
      assert.equal((await store.hookOverrides.get(accountId, appId, override.id))?.enabled, true);
      await store.applications.delete(accountId, otherAppId);
      assert.deepEqual(await store.hookOverrides.forApplication(accountId, otherAppId), []);
      await store.executionHooks.delete(accountId, netapp.id);
      assert.deepEqual(await store.hookOverrides.forApplication(accountId, appId), []);
      assert.equal(await store.hookOverrides.delete(accountId, appId, override.id), false);
    });

    test('deleting an application deletes its custom hooks', async (t) => {
      const { store, accountId, appId, source } = await world(t, open);
      const hook = anExecutionHook(accountId, appId, source.id);
      await store.executionHooks.insert(hook);
      assert.equal(await store.applications.delete(accountId, appId), true);
      assert.equal(await store.executionHooks.get(accountId, hook.id), null);
    });

    test('protection operations: names unique per application, guarded updates', async (t) => {
      const { store, accountId, appId, otherAppId } = await world(t, open);
      const op = anOperation(accountId, appId);
      await store.protectionOperations.insert(op);
      await rejectsWith(store.protectionOperations.insert(anOperation(accountId, appId, { name: op.name })), 'NAME_TAKEN');
      await store.protectionOperations.insert(anOperation(accountId, otherAppId, { name: op.name }));
      assert.deepEqual(await store.protectionOperations.get(accountId, op.id), op);
      assert.equal(await store.protectionOperations.update(accountId, op.id, { state: 'running', startedAt: 2_000, updatedAt: 2_000 }, ['pending']), true);
      assert.equal(await store.protectionOperations.update(accountId, op.id, { state: 'running', updatedAt: 2_500 }, ['pending']), false);
      const details = [{ type: 't', title: 'pre-snapshot hook failed', detail: 'd', additionalDetails: { returnCode: '3' } }];
      const volumes = [{ name: 'v', pvcName: 'data', readyToUse: true, error: null }];
      await store.protectionOperations.update(accountId, op.id, {
        state: 'completed', hookState: 'failed', hookStateDetails: details, volumeSnapshots: volumes, stateUnready: [],
        finishedAt: 3_000, snapshotAt: 2_900, updatedAt: 3_000,
      });
      assert.deepEqual(await store.protectionOperations.get(accountId, op.id), {
        ...op, state: 'completed', hookState: 'failed', hookStateDetails: details, volumeSnapshots: volumes, startedAt: 2_000,
        finishedAt: 3_000, snapshotAt: 2_900, updatedAt: 3_000,
      });
      assert.deepEqual((await store.protectionOperations.list(accountId, { limit: 10, applicationId: appId })).items.map((o) => o.id), [op.id]);
    });

    test('orphaned operations: pending or running ones whose job ended or vanished, not those whose job can still run', async (t) => {
      const { store, accountId, appId } = await world(t, open);
      let jobs = 0;
      const job = async (state: 'queued' | 'running' | 'failed' | 'succeeded') => {
        const kind = `app-snapshot.run.${++jobs}`; // one kind per job, so each claim takes exactly this one
        const { job: j } = await store.jobs.enqueue({ accountId, kind, payload: {} });
        if (state === 'queued') return j.id;
        const claimed = await store.jobs.claim('w', 60_000, [kind]);
        assert.equal(claimed?.id, j.id);
        const lease = { id: j.id, owner: 'w', fence: claimed.fence };
        if (state === 'failed') await store.jobs.fail(lease, 'lease expired: the worker stopped heartbeating', null);
        if (state === 'succeeded') await store.jobs.complete(lease, null);
        return j.id;
      };
      const live = anOperation(accountId, appId, { createdAt: 1 });
      const running = anOperation(accountId, appId, { state: 'running', createdAt: 2 });
      const deadJob = anOperation(accountId, appId, { state: 'running', createdAt: 3 });
      const doneJob = anOperation(accountId, appId, { state: 'pending', createdAt: 4 });
      const missingJob = anOperation(accountId, appId, { state: 'running', createdAt: 5 });
      const completed = anOperation(accountId, appId, { state: 'completed', createdAt: 6 });
      const noJob = anOperation(accountId, appId, { state: 'running', createdAt: 7 });
      await store.protectionOperations.insert(live, await job('queued'));
      await store.protectionOperations.insert(running, await job('running'));
      await store.protectionOperations.insert(deadJob, await job('failed'));
      await store.protectionOperations.insert(doneJob, await job('succeeded'));
      await store.protectionOperations.insert(missingJob, 'no-such-job');
      await store.protectionOperations.insert(completed, await job('failed'));
      await store.protectionOperations.insert(noJob);
      assert.deepEqual((await store.protectionOperations.orphaned(10)).map((o) => o.id), [deadJob.id, doneJob.id, missingJob.id]);
      assert.deepEqual((await store.protectionOperations.orphaned(1)).map((o) => o.id), [deadJob.id]);
      assert.deepEqual(await store.protectionOperations.get(accountId, deadJob.id), deadJob, 'the job id is not part of the operation');
      assert.equal(await store.protectionOperations.countActive(), 6, 'every pending or running operation');
      await store.protectionOperations.update(accountId, deadJob.id, { state: 'failed', updatedAt: 9 }, ['running']);
      assert.deepEqual((await store.protectionOperations.orphaned(10)).map((o) => o.id), [doneJob.id, missingJob.id]);
    });

    test('hook runs are numbered per record or operation, finished in place, and listed in order', async (t) => {
      const { store, accountId } = await world(t, open);
      const operationId = randomUUID();
      const recordId = randomUUID().replaceAll('-', '');
      const first = await store.hookRuns.insert(aRun(accountId, { operationId }));
      const other = await store.hookRuns.insert(aRun(accountId, { recordId }));
      const second = await store.hookRuns.insert(aRun(accountId, { operationId }, { state: 'skipped', podName: null, containerName: null, containerImage: null, namespace: null }));
      assert.deepEqual([first.seq, other.seq, second.seq], [1, 1, 2]);
      await store.hookRuns.finish(accountId, first.id, {
        state: 'timedOut', exitCode: null, message: 'timed out after 1000 ms', stdoutTail: 'out', stderrTail: 'err', finishedAt: 3_000, durationMs: 1_000,
      });
      const finished = await store.hookRuns.get(accountId, first.id);
      assert.deepEqual(finished, { ...first, state: 'timedOut', message: 'timed out after 1000 ms', stdoutTail: 'out', stderrTail: 'err', finishedAt: 3_000, durationMs: 1_000 });
      const third = await store.hookRuns.insert(aRun(accountId, { operationId }));
      const pages = await allPages((cursor) => store.hookRuns.listFor(accountId, { operationId }, { limit: 2, cursor }));
      assert.deepEqual(pages.flat().map((r) => r.id), [first.id, second.id, third.id]);
      assert.deepEqual((await store.hookRuns.allFor(accountId, { recordId })).map((r) => r.id), [other.id]);
      await rejectsWith(store.hookRuns.finish(accountId, randomUUID(), { state: 'failed', exitCode: 1, message: null, stdoutTail: '', stderrTail: '', finishedAt: 1, durationMs: 1 }), 'RESOURCE_NOT_FOUND');
      await rejectsWith(store.hookRuns.listFor(accountId, { operationId }, { limit: 2, cursor: 'bogus' }), 'VALIDATION_FAILED');
    });
  });
}
