/**
 * ImageTriggerRepo and TriggerLogRepo contract: SQLite (memory and file) and PostgreSQL must pass it. Each test
 * opens its own store.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Store } from '../../src/app/ports/store.ts';
import type { ImageTrigger } from '../../src/domain/image-trigger.ts';
import type { TriggerLog } from '../../src/domain/image-trigger-log.ts';
import { aCluster, allPages, aSeededCluster, openFor, rejectsWith, type OpenStore } from './store.contract.ts';

export function anImageTrigger(accountId: string, clusterId: string, overrides: Partial<ImageTrigger> = {}): ImageTrigger {
  return {
    id: randomUUID(), accountId, name: `t-${randomUUID().slice(0, 8)}`, repository: 'team/web', registryHost: null,
    condition: { method: 'taglist', expr: 'v1;v2' }, clusterId, clusterRegion: 1, namespace: 'default', workloadKind: 'Deployment',
    workloadName: 'web', containerName: 'web', pinDigest: true, allowDowngrade: false, createdBy: { tokenId: 'tok-1', name: 'ci' }, createdAt: 1_000, updatedAt: 1_000,
    ...overrides,
  };
}

export function aTriggerLog(trigger: ImageTrigger, overrides: Partial<TriggerLog> = {}): TriggerLog {
  return {
    id: randomUUID(), accountId: trigger.accountId, triggerId: trigger.id, triggerName: trigger.name, eventId: randomUUID(),
    repository: trigger.repository, tag: 'v1', digest: null, image: `registry.test/${trigger.repository}:v1`, condition: trigger.condition,
    target: {
      clusterId: trigger.clusterId, clusterRegion: trigger.clusterRegion, namespace: trigger.namespace, workloadKind: trigger.workloadKind,
      workloadName: trigger.workloadName, containerName: trigger.containerName,
    },
    recordId: randomUUID().replaceAll('-', ''), status: 'pending', message: null, invokedAt: 10_000, ...overrides,
  };
}

async function seeded(store: Store): Promise<{ accountId: string; clusterId: string }> {
  const { account, cluster } = await aSeededCluster(store);
  return { accountId: account.id, clusterId: cluster.id };
}

const names = (items: readonly { name: string }[]): string[] => items.map((x) => x.name);
const tags = (items: readonly TriggerLog[]): string[] => items.map((x) => x.tag);

export function imageTriggerReposContract(name: string, open: OpenStore): void {
  describe(`ImageTriggerRepo contract: ${name}`, () => {
    test('insert then read by id and name round-trips every field; other accounts see nothing', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const trigger = anImageTrigger(accountId, clusterId, { registryHost: 'registry.test:5000', condition: { method: 'regex', expr: '^v[0-9]+$' }, pinDigest: false, allowDowngrade: true, clusterRegion: 16 });
      await store.imageTriggers.insert(trigger);
      assert.deepEqual(await store.imageTriggers.get(accountId, trigger.id), trigger);
      assert.deepEqual(await store.imageTriggers.getByName(accountId, trigger.name), trigger);
      assert.equal(await store.imageTriggers.get(randomUUID(), trigger.id), null);
      assert.equal(await store.imageTriggers.getByName(randomUUID(), trigger.name), null);
      const anonymous = anImageTrigger(accountId, clusterId, { createdBy: null, workloadKind: 'StatefulSet' });
      await store.imageTriggers.insert(anonymous);
      assert.deepEqual(await store.imageTriggers.get(accountId, anonymous.id), anonymous);
    });

    test('names are unique per account (insert and rename); an unknown cluster is CLUSTER_NOT_FOUND', async (t) => {
      const store = await openFor(t, open);
      const a = await seeded(store);
      const b = await seeded(store);
      const first = anImageTrigger(a.accountId, a.clusterId, { name: 'deploy-web' });
      await store.imageTriggers.insert(first);
      await rejectsWith(store.imageTriggers.insert(anImageTrigger(a.accountId, a.clusterId, { name: 'deploy-web' })), 'NAME_TAKEN');
      await rejectsWith(store.imageTriggers.insert({ ...first, name: 'other' }), 'ID_TAKEN');
      await store.imageTriggers.insert(anImageTrigger(b.accountId, b.clusterId, { name: 'deploy-web' }));
      const second = anImageTrigger(a.accountId, a.clusterId, { name: 'deploy-api' });
      await store.imageTriggers.insert(second);
      await rejectsWith(store.imageTriggers.update({ ...second, name: 'deploy-web' }), 'NAME_TAKEN');
      await rejectsWith(store.imageTriggers.insert(anImageTrigger(a.accountId, 'no-such-cluster')), 'CLUSTER_NOT_FOUND');
      await rejectsWith(store.imageTriggers.insert(anImageTrigger(a.accountId, b.clusterId)), 'CLUSTER_NOT_FOUND');
    });

    test('update replaces every setting (rename included) but keeps id, account, creator and creation time', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const other = aCluster(accountId);
      await store.clusters.insert(other);
      const trigger = anImageTrigger(accountId, clusterId);
      await store.imageTriggers.insert(trigger);
      const changed: ImageTrigger = {
        ...trigger, name: 'renamed', repository: 'team/api', registryHost: 'r.example', condition: { method: 'all', expr: '' }, clusterId: other.id,
        clusterRegion: 4, namespace: 'prod', workloadKind: 'DaemonSet', workloadName: 'agent', containerName: 'main', pinDigest: false, allowDowngrade: true, updatedAt: 9_000,
      };
      await store.imageTriggers.update({ ...changed, createdBy: null, createdAt: 1 });
      assert.deepEqual(await store.imageTriggers.get(accountId, trigger.id), changed);
      assert.equal(await store.imageTriggers.getByName(accountId, trigger.name), null, 'the old name is free again');
      await rejectsWith(store.imageTriggers.update(anImageTrigger(accountId, clusterId)), 'RESOURCE_NOT_FOUND');
      await rejectsWith(store.imageTriggers.update({ ...changed, clusterId: 'gone' }), 'CLUSTER_NOT_FOUND');
    });

    test('forRepository returns exactly the repository\'s triggers of the account, oldest first', async (t) => {
      const store = await openFor(t, open);
      const a = await seeded(store);
      const b = await seeded(store);
      const web1 = anImageTrigger(a.accountId, a.clusterId, { name: 'w1', createdAt: 3_000 });
      const web2 = anImageTrigger(a.accountId, a.clusterId, { name: 'w2', createdAt: 2_000 });
      await store.imageTriggers.insert(web1);
      await store.imageTriggers.insert(web2);
      await store.imageTriggers.insert(anImageTrigger(a.accountId, a.clusterId, { name: 'api', repository: 'team/api' }));
      await store.imageTriggers.insert(anImageTrigger(a.accountId, a.clusterId, { name: 'prefix', repository: 'team/web-x' }));
      await store.imageTriggers.insert(anImageTrigger(b.accountId, b.clusterId, { name: 'other-account' }));
      assert.deepEqual(names(await store.imageTriggers.forRepository(a.accountId, 'team/web')), ['w2', 'w1']);
      assert.deepEqual(await store.imageTriggers.forRepository(a.accountId, 'team/none'), []);
      // Inside a transaction too (the PostgreSQL prepared statement is per connection).
      assert.deepEqual(names(await store.transaction((tx) => tx.imageTriggers.forRepository(a.accountId, 'team/api'))), ['api']);
    });

    test('list is newest first and keyset-paged, filtered by repository and cluster; window pages by offset with a total', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const other = aCluster(accountId);
      await store.clusters.insert(other);
      for (let i = 1; i <= 7; i++) {
        await store.imageTriggers.insert(anImageTrigger(accountId, i % 3 === 0 ? other.id : clusterId, {
          name: `t${i}`, repository: i % 2 === 0 ? 'team/api' : 'team/web', createdAt: 1_000 + i,
        }));
      }
      const pages = await allPages((cursor) => store.imageTriggers.list(accountId, { limit: 3, cursor }));
      assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
      assert.deepEqual(names(pages.flat()), ['t7', 't6', 't5', 't4', 't3', 't2', 't1']);
      assert.deepEqual(names((await store.imageTriggers.list(accountId, { limit: 50, repository: 'team/api' })).items), ['t6', 't4', 't2']);
      assert.deepEqual(names((await store.imageTriggers.list(accountId, { limit: 50, clusterId: other.id })).items), ['t6', 't3']);

      const window = await store.imageTriggers.window(accountId, { offset: 2, limit: 3 });
      assert.deepEqual({ names: names(window.items), total: window.total }, { names: ['t5', 't4', 't3'], total: 7 });
      const web = await store.imageTriggers.window(accountId, { repository: 'team/web', offset: 3, limit: 10 });
      assert.deepEqual({ names: names(web.items), total: web.total }, { names: ['t1'], total: 4 });
      const one = await store.imageTriggers.window(accountId, { name: 't4', offset: 0, limit: 20 });
      assert.deepEqual({ names: names(one.items), total: one.total }, { names: ['t4'], total: 1 });
      assert.deepEqual(await store.imageTriggers.window(accountId, { name: 't4', repository: 'team/web', offset: 0, limit: 20 }), { items: [], total: 0 });
    });

    test('delete removes; deleting the cluster deletes its triggers', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const a = anImageTrigger(accountId, clusterId);
      const b = anImageTrigger(accountId, clusterId);
      await store.imageTriggers.insert(a);
      await store.imageTriggers.insert(b);
      assert.equal(await store.imageTriggers.delete(randomUUID(), a.id), false);
      assert.equal(await store.imageTriggers.delete(accountId, a.id), true);
      assert.equal(await store.imageTriggers.delete(accountId, a.id), false);
      assert.equal(await store.clusters.delete(accountId, clusterId), true);
      assert.equal(await store.imageTriggers.get(accountId, b.id), null);
    });
  });

  describe(`TriggerLogRepo contract: ${name}`, () => {
    test('append stores the snapshot; findFiring finds it by (event, trigger); a second firing of the pair is ID_TAKEN', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const trigger = anImageTrigger(accountId, clusterId);
      const log = aTriggerLog(trigger, { digest: `sha256:${'a'.repeat(64)}` });
      assert.deepEqual(await store.triggerLogs.append(log), log);
      assert.deepEqual(await store.triggerLogs.get(accountId, log.id), log);
      assert.deepEqual(await store.triggerLogs.findFiring(accountId, log.eventId, trigger.id), log);
      assert.equal(await store.triggerLogs.findFiring(accountId, log.eventId, randomUUID()), null);
      assert.equal(await store.triggerLogs.findFiring(randomUUID(), log.eventId, trigger.id), null);
      await rejectsWith(store.transaction((tx) => tx.triggerLogs.append({ ...log, id: randomUUID() })), 'ID_TAKEN');
      const failed = aTriggerLog(trigger, { image: null, recordId: null, status: 'failed', message: 'no registry host' });
      assert.deepEqual(await store.triggerLogs.append(failed), failed);
      // The rejected firing gave its position back: two rows, two positions.
      assert.equal((await store.triggerLogs.window(accountId, { repository: trigger.repository, offset: 0, limit: 10, order: 'desc', orderBy: 'invoke_time' })).total, 2);
    });

    test('firing time never goes backwards within a repository, even when a replica\'s clock does', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const trigger = anImageTrigger(accountId, clusterId);
      await store.triggerLogs.append(aTriggerLog(trigger, { invokedAt: 5_000 }));
      const behind = await store.triggerLogs.append(aTriggerLog(trigger, { invokedAt: 4_000 }));
      assert.equal(behind.invokedAt, 5_000);
      assert.equal((await store.triggerLogs.get(accountId, behind.id))?.invokedAt, 5_000);
      const ahead = await store.triggerLogs.append(aTriggerLog(trigger, { invokedAt: 6_000 }));
      assert.equal(ahead.invokedAt, 6_000);
      const elsewhere = await store.triggerLogs.append(aTriggerLog({ ...trigger, repository: 'team/other' }, { invokedAt: 1_000 }));
      assert.equal(elsewhere.invokedAt, 1_000, 'another repository has its own order');
    });

    test('window by firing time: offsets map onto positions at any depth, rolled-back firings leave no gap', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const trigger = anImageTrigger(accountId, clusterId);
      for (let i = 1; i <= 12; i++) {
        await store.triggerLogs.append(aTriggerLog(trigger, { tag: `v${i}`, invokedAt: 10_000 + i }));
        if (i === 6) {
          await assert.rejects(store.transaction(async (tx) => {
            await tx.triggerLogs.append(aTriggerLog(trigger, { tag: 'rolled-back' }));
            throw new Error('roll back');
          }));
        }
      }
      const w = (offset: number, limit: number, order: 'asc' | 'desc') =>
        store.triggerLogs.window(accountId, { repository: 'team/web', offset, limit, order, orderBy: 'invoke_time' });
      assert.deepEqual(tags((await w(0, 3, 'desc')).items), ['v12', 'v11', 'v10']);
      assert.deepEqual(tags((await w(9, 5, 'desc')).items), ['v3', 'v2', 'v1']);
      assert.deepEqual(tags((await w(0, 2, 'asc')).items), ['v1', 'v2']);
      assert.deepEqual(tags((await w(10, 5, 'asc')).items), ['v11', 'v12']);
      assert.equal((await w(0, 1, 'desc')).total, 12);
      assert.deepEqual(await w(12, 5, 'desc'), { items: [], total: 12 });
      assert.deepEqual(await w(0, 0, 'desc'), { items: [], total: 12 });
      assert.deepEqual(await store.triggerLogs.window(accountId, { repository: 'team/none', offset: 0, limit: 5, order: 'desc', orderBy: 'invoke_time' }), { items: [], total: 0 });
      // repo_name within one repository is firing order too.
      assert.deepEqual(tags((await store.triggerLogs.window(accountId, { repository: 'team/web', offset: 1, limit: 2, order: 'desc', orderBy: 'repo_name' })).items), ['v11', 'v10']);
    });

    test('concurrent firings of one repository get distinct positions without gaps', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const trigger = anImageTrigger(accountId, clusterId);
      await Promise.all(Array.from({ length: 16 }, (_, i) =>
        store.transaction((tx) => tx.triggerLogs.append(aTriggerLog(trigger, { tag: `v${i}`, invokedAt: 1_000 })))));
      const all = await store.triggerLogs.window(accountId, { repository: trigger.repository, offset: 0, limit: 100, order: 'asc', orderBy: 'invoke_time' });
      assert.equal(all.total, 16);
      assert.equal(new Set(tags(all.items)).size, 16);
      for (let k = 0; k < 16; k++) {
        const one = await store.triggerLogs.window(accountId, { repository: trigger.repository, offset: k, limit: 1, order: 'asc', orderBy: 'invoke_time' });
        assert.equal(one.items[0]?.tag, all.items[k]?.tag, `offset ${k}`);
      }
    });

    test('window by trigger name and across the account: every ordering, with totals over all repositories', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const other = await seeded(store);
      const alpha = anImageTrigger(accountId, clusterId, { name: 'alpha' });
      const beta = anImageTrigger(accountId, clusterId, { name: 'beta', repository: 'team/api' });
      await store.triggerLogs.append(aTriggerLog(beta, { tag: 'b1', invokedAt: 1 }));
      await store.triggerLogs.append(aTriggerLog(alpha, { tag: 'a1', invokedAt: 2 }));
      await store.triggerLogs.append(aTriggerLog(beta, { tag: 'b2', invokedAt: 3 }));
      await store.triggerLogs.append(aTriggerLog(alpha, { tag: 'a2', invokedAt: 4 }));
      await store.triggerLogs.append(aTriggerLog({ ...alpha, name: 'zeta' }, { tag: 'z1', invokedAt: 5 }));
      await store.triggerLogs.append(aTriggerLog(anImageTrigger(other.accountId, other.clusterId), { tag: 'elsewhere', invokedAt: 6 }));
      const w = (q: { repository?: string; orderBy: 'invoke_time' | 'trigger_name' | 'repo_name'; order: 'asc' | 'desc'; offset?: number }) =>
        store.triggerLogs.window(accountId, { offset: 0, limit: 20, ...q });
      assert.deepEqual(tags((await w({ orderBy: 'invoke_time', order: 'desc' })).items), ['z1', 'a2', 'b2', 'a1', 'b1']);
      assert.deepEqual(tags((await w({ orderBy: 'invoke_time', order: 'asc', offset: 3 })).items), ['a2', 'z1']);
      assert.deepEqual(tags((await w({ orderBy: 'trigger_name', order: 'asc' })).items), ['a1', 'a2', 'b1', 'b2', 'z1']);
      assert.deepEqual(tags((await w({ orderBy: 'trigger_name', order: 'desc' })).items), ['z1', 'b2', 'b1', 'a2', 'a1']);
      assert.deepEqual(tags((await w({ orderBy: 'repo_name', order: 'asc' })).items), ['b1', 'b2', 'a1', 'a2', 'z1']);
      assert.deepEqual(tags((await w({ repository: 'team/web', orderBy: 'trigger_name', order: 'desc' })).items), ['z1', 'a2', 'a1']);
      assert.deepEqual(tags((await w({ repository: 'team/web', orderBy: 'trigger_name', order: 'asc', offset: 1 })).items), ['a2', 'z1']);
      assert.equal((await w({ orderBy: 'invoke_time', order: 'desc' })).total, 5);
      assert.equal((await w({ repository: 'team/api', orderBy: 'invoke_time', order: 'desc' })).total, 2);
    });

    test('the native list filters by repository, trigger, status and time window, newest first, paged without gaps', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const web = anImageTrigger(accountId, clusterId);
      const api = anImageTrigger(accountId, clusterId, { repository: 'team/api' });
      for (let i = 1; i <= 9; i++) {
        await store.triggerLogs.append(aTriggerLog(i % 3 === 0 ? api : web, {
          tag: `v${i}`, invokedAt: 1_000 * i, status: i % 2 === 0 ? 'succeeded' : 'pending',
        }));
      }
      const pages = await allPages((cursor) => store.triggerLogs.list(accountId, { limit: 4, cursor }));
      assert.deepEqual(pages.map((p) => p.length), [4, 4, 1]);
      assert.deepEqual(tags(pages.flat()), ['v9', 'v8', 'v7', 'v6', 'v5', 'v4', 'v3', 'v2', 'v1']);
      const list = async (q: object) => tags((await store.triggerLogs.list(accountId, { limit: 50, ...q })).items);
      assert.deepEqual(await list({ repository: 'team/api' }), ['v9', 'v6', 'v3']);
      assert.deepEqual(await list({ triggerId: web.id }), ['v8', 'v7', 'v5', 'v4', 'v2', 'v1']);
      assert.deepEqual(await list({ status: 'succeeded' }), ['v8', 'v6', 'v4', 'v2']);
      assert.deepEqual(await list({ from: 3_000, to: 5_000 }), ['v5', 'v4', 'v3']);
      assert.deepEqual(await list({ triggerId: web.id, status: 'pending', from: 2_000 }), ['v7', 'v5']);
      const filteredPages = await allPages((cursor) => store.triggerLogs.list(accountId, { limit: 2, cursor, triggerId: web.id }));
      assert.deepEqual(tags(filteredPages.flat()), ['v8', 'v7', 'v5', 'v4', 'v2', 'v1']);
      assert.deepEqual((await store.triggerLogs.list(randomUUID(), { limit: 50 })).items, []);
    });

    test('the native list takes the ListTriggerLog orderings, keyset-paged without gaps under each, ties in firing order', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const alpha = anImageTrigger(accountId, clusterId, { name: 'alpha' });
      const beta = anImageTrigger(accountId, clusterId, { name: 'beta', repository: 'team/api' });
      await store.triggerLogs.append(aTriggerLog(beta, { tag: 'b1', invokedAt: 1 }));
      await store.triggerLogs.append(aTriggerLog(alpha, { tag: 'a1', invokedAt: 2 }));
      await store.triggerLogs.append(aTriggerLog(beta, { tag: 'b2', invokedAt: 3, status: 'succeeded' }));
      await store.triggerLogs.append(aTriggerLog(alpha, { tag: 'a2', invokedAt: 4 }));
      await store.triggerLogs.append(aTriggerLog({ ...alpha, name: 'zeta' }, { tag: 'z1', invokedAt: 5 }));
      await store.triggerLogs.append(aTriggerLog({ ...alpha, name: 'zeta' }, { tag: 'z2', invokedAt: 5 }));
      type Ordering = { orderBy: 'invoke_time' | 'trigger_name' | 'repo_name'; order: 'asc' | 'desc' };
      const paged = async (o: Ordering, extra: object = {}) =>
        tags((await allPages((cursor) => store.triggerLogs.list(accountId, { limit: 2, cursor, ...o, ...extra }))).flat());
      const asc = await paged({ orderBy: 'invoke_time', order: 'asc' });
      const desc = await paged({ orderBy: 'invoke_time', order: 'desc' });
      assert.deepEqual(desc, [...asc].reverse(), 'descending is ascending reversed, ties included');
      assert.deepEqual(asc.slice(0, 4), ['b1', 'a1', 'b2', 'a2']);
      assert.deepEqual(new Set(asc.slice(4)), new Set(['z1', 'z2']), 'z1 and z2 fired at the same time: both listed once, split across pages');
      assert.deepEqual(desc, tags((await store.triggerLogs.list(accountId, { limit: 50 })).items), 'the default is newest first');
      const byName = await paged({ orderBy: 'trigger_name', order: 'asc' });
      assert.deepEqual(byName.slice(0, 4), ['a1', 'a2', 'b1', 'b2']);
      assert.deepEqual(await paged({ orderBy: 'trigger_name', order: 'desc' }), [...byName].reverse());
      const byRepo = await paged({ orderBy: 'repo_name', order: 'asc' });
      assert.deepEqual(byRepo.slice(0, 3), ['b1', 'b2', 'a1'], 'team/api first, then team/web in firing order');
      assert.deepEqual(await paged({ orderBy: 'repo_name', order: 'desc' }), [...byRepo].reverse());
      assert.deepEqual(await paged({ orderBy: 'trigger_name', order: 'desc' }, { status: 'pending', repository: 'team/web' }), [...byName].reverse().filter((x) => x !== 'b1' && x !== 'b2'));
      const first = await store.triggerLogs.list(accountId, { limit: 2, orderBy: 'trigger_name', order: 'asc' });
      assert.ok(first.nextCursor);
      await rejectsWith(store.triggerLogs.list(accountId, { limit: 2, cursor: first.nextCursor, orderBy: 'trigger_name', order: 'desc' }), 'VALIDATION_FAILED');
      await rejectsWith(store.triggerLogs.list(accountId, { limit: 2, cursor: first.nextCursor }), 'VALIDATION_FAILED');
      await rejectsWith(store.triggerLogs.list(accountId, { limit: 2, cursor: 'bm90IGEgY3Vyc29y' }), 'VALIDATION_FAILED');
    });

    test('prune deletes each repository\'s oldest firings and raises first_seq: totals and offsets stay exact', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const web = anImageTrigger(accountId, clusterId);
      const api = anImageTrigger(accountId, clusterId, { name: 'api', repository: 'team/api' });
      for (let i = 1; i <= 10; i++) await store.triggerLogs.append(aTriggerLog(web, { tag: `v${i}`, invokedAt: 1_000 + i }));
      for (let i = 1; i <= 3; i++) await store.triggerLogs.append(aTriggerLog(api, { tag: `a${i}`, invokedAt: 1_000 + i }));
      const w = (repository: string | undefined, offset: number, limit: number, order: 'asc' | 'desc') =>
        store.triggerLogs.window(accountId, { ...(repository ? { repository } : {}), offset, limit, order, orderBy: 'invoke_time' });

      // Older than 1006: v1–v5 of team/web and all of team/api.
      assert.equal(await store.triggerLogs.prune(1_006, 1_000), 8);
      const first = await w('team/web', 0, 2, 'desc');
      assert.deepEqual([tags(first.items), first.total], [['v10', 'v9'], 5]);
      assert.deepEqual(tags((await w('team/web', 3, 5, 'desc')).items), ['v7', 'v6'], 'a deep offset lands on the same rows');
      assert.deepEqual(tags((await w('team/web', 0, 2, 'asc')).items), ['v6', 'v7']);
      assert.deepEqual(tags((await w('team/web', 4, 5, 'asc')).items), ['v10']);
      assert.deepEqual(await w('team/web', 5, 5, 'asc'), { items: [], total: 5 });
      assert.deepEqual(await w('team/api', 0, 5, 'desc'), { items: [], total: 0 }, 'pruned empty: total 0');
      assert.equal((await w(undefined, 0, 50, 'desc')).total, 5, 'the account total over every repository');
      assert.deepEqual(tags((await store.triggerLogs.list(accountId, { limit: 50 })).items), ['v10', 'v9', 'v8', 'v7', 'v6']);
      assert.equal(await store.triggerLogs.prune(1_006, 1_000), 0, 'nothing older is left');

      // New firings continue both logs without a gap.
      await store.triggerLogs.append(aTriggerLog(api, { tag: 'a4', invokedAt: 2_000 }));
      await store.triggerLogs.append(aTriggerLog(web, { tag: 'v11', invokedAt: 2_000 }));
      const resumed = await w('team/api', 0, 5, 'asc');
      assert.deepEqual([tags(resumed.items), resumed.total], [['a4'], 1]);
      assert.deepEqual(tags((await w('team/web', 0, 1, 'desc')).items), ['v11']);
      assert.deepEqual(tags((await w('team/web', 5, 1, 'desc')).items), ['v6']);
      assert.equal((await w('team/web', 0, 1, 'desc')).total, 6);
    });

    test('prune deletes at most `limit` firings per call and leaves every repository dense after each', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const web = anImageTrigger(accountId, clusterId);
      const api = anImageTrigger(accountId, clusterId, { name: 'api', repository: 'team/api' });
      for (let i = 1; i <= 7; i++) await store.triggerLogs.append(aTriggerLog(web, { tag: `v${i}`, invokedAt: 1_000 + i }));
      for (let i = 1; i <= 3; i++) await store.triggerLogs.append(aTriggerLog(api, { tag: `a${i}`, invokedAt: 1_000 + i }));
      await store.triggerLogs.append(aTriggerLog(web, { tag: 'new', invokedAt: 9_000 }));
      const dense = async (repository: string, expected: string[]) => {
        const all = await store.triggerLogs.window(accountId, { repository, offset: 0, limit: 100, order: 'asc', orderBy: 'invoke_time' });
        assert.deepEqual([tags(all.items), all.total], [expected, expected.length], repository);
        for (let k = 0; k < expected.length; k++) {
          const one = await store.triggerLogs.window(accountId, { repository, offset: k, limit: 1, order: 'desc', orderBy: 'invoke_time' });
          assert.equal(one.items[0]?.tag, expected[expected.length - 1 - k], `${repository} offset ${k}`);
        }
      };
      // team/api sorts first: a1–a3, then v1–v7 of team/web, three at a time; `new` is not old.
      const web7 = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'new'];
      for (const [deleted, apiLeft, webLeft] of [[3, [], web7], [3, [], web7.slice(3)], [3, [], web7.slice(6)], [1, [], ['new']], [0, [], ['new']]] as const) {
        assert.equal(await store.triggerLogs.prune(5_000, 3), deleted);
        await dense('team/api', [...apiLeft]);
        await dense('team/web', [...webLeft]);
      }
    });

    test('pending rows are listed oldest first and settle once', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const trigger = anImageTrigger(accountId, clusterId);
      const first = await store.triggerLogs.append(aTriggerLog(trigger, { invokedAt: 1 }));
      await store.triggerLogs.append(aTriggerLog(trigger, { status: 'failed', message: 'x', recordId: null, invokedAt: 2 }));
      const third = await store.triggerLogs.append(aTriggerLog(trigger, { invokedAt: 3 }));
      assert.deepEqual((await store.triggerLogs.pending(accountId, 10)).map((l) => l.id), [first.id, third.id]);
      assert.equal(await store.triggerLogs.settle(accountId, first.id, 'failed', 'rollout timed out'), true);
      assert.equal(await store.triggerLogs.settle(accountId, first.id, 'succeeded', null), false, 'settled rows do not change');
      assert.equal(await store.triggerLogs.settle(randomUUID(), third.id, 'succeeded', null), false);
      assert.deepEqual(await store.triggerLogs.get(accountId, first.id), { ...first, status: 'failed', message: 'rollout timed out' });
      assert.deepEqual((await store.triggerLogs.pending(accountId, 10)).map((l) => l.id), [third.id]);
    });
  });
}
