/**
 * TriggerRepo contract: SQLite (memory and file) and PostgreSQL must pass it. Each test opens its own store.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Store } from '../../src/app/ports/store.ts';
import type { Trigger } from '../../src/domain/trigger.ts';
import { aRecord } from './record-store.contract.ts';
import { aCluster, allPages, anApplication, aSeededCluster, openFor, rejectsWith, type OpenStore } from './store.contract.ts';

export function aTrigger(accountId: string, clusterId: string, ackId: number, overrides: Partial<Trigger> = {}): Trigger {
  return {
    id: randomUUID(), accountId, clusterId, ackId, name: `web-redeploy-${ackId}`, type: 'deployment', namespace: 'default',
    targetName: 'web', applicationId: null, action: 'redeploy', jti: randomUUID().replaceAll('-', ''), requireSignature: false,
    rateLimitPerMinute: null, createdBy: { tokenId: 'tok-1', name: 'ci' }, lastRedeployRecordId: null, createdAt: 1_000 + ackId, updatedAt: 1_000 + ackId,
    ...overrides,
  };
}

async function seeded(store: Store): Promise<{ accountId: string; clusterId: string }> {
  const { account, cluster } = await aSeededCluster(store);
  return { accountId: account.id, clusterId: cluster.id };
}

export function triggerRepoContract(name: string, open: OpenStore): void {
  describe(`TriggerRepo contract: ${name}`, () => {
    test('ACK ids count up per account from 1 and are never reused, also across transactions', async (t) => {
      const store = await openFor(t, open);
      const a = await seeded(store);
      const b = await seeded(store);
      assert.equal(await store.triggers.nextAckId(a.accountId), 1);
      assert.equal(await store.triggers.nextAckId(a.accountId), 2);
      assert.equal(await store.triggers.nextAckId(b.accountId), 1);
      const inTx = await store.transaction((tx) => tx.triggers.nextAckId(a.accountId));
      assert.equal(inTx, 3);
      // A rolled-back transaction gives its id back (nothing half-written), a committed delete does not.
      await assert.rejects(store.transaction(async (tx) => {
        await tx.triggers.nextAckId(a.accountId);
        throw new Error('roll back');
      }));
      assert.equal(await store.triggers.nextAckId(a.accountId), 4);
    });

    test('concurrent creators never get the same ACK id', async (t) => {
      const store = await openFor(t, open);
      const { accountId } = await seeded(store);
      const ids = await Promise.all(Array.from({ length: 20 }, () => store.transaction((tx) => tx.triggers.nextAckId(accountId))));
      assert.deepEqual([...ids].sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i + 1));
    });

    test('insert then read by id, ACK id and jti round-trips every field', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const trigger = aTrigger(accountId, clusterId, 7, { requireSignature: true, rateLimitPerMinute: 30 });
      await store.triggers.insert(trigger);
      assert.deepEqual(await store.triggers.get(accountId, trigger.id), trigger);
      assert.deepEqual(await store.triggers.getByAckId(accountId, 7), trigger);
      assert.deepEqual(await store.triggers.findByJti(trigger.jti), trigger);
      assert.equal(await store.triggers.get(randomUUID(), trigger.id), null, 'another account does not see it');
      assert.equal(await store.triggers.getByAckId(accountId, 8), null);
      assert.equal(await store.triggers.findByJti('nope'), null);
      const anonymous = aTrigger(accountId, clusterId, 8, { createdBy: null });
      await store.triggers.insert(anonymous);
      assert.deepEqual(await store.triggers.get(accountId, anonymous.id), anonymous);
    });

    test('duplicates are ID_TAKEN; an unknown cluster or application is refused', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const first = aTrigger(accountId, clusterId, 1);
      await store.triggers.insert(first);
      await rejectsWith(store.triggers.insert({ ...first, jti: 'other' }), 'ID_TAKEN');
      await rejectsWith(store.triggers.insert(aTrigger(accountId, clusterId, 1)), 'ID_TAKEN');
      await rejectsWith(store.triggers.insert(aTrigger(accountId, clusterId, 2, { jti: first.jti })), 'ID_TAKEN');
      await rejectsWith(store.triggers.insert(aTrigger(accountId, 'no-such-cluster', 3)), 'CLUSTER_NOT_FOUND');
      await rejectsWith(store.triggers.insert(aTrigger(accountId, clusterId, 4, { type: 'application', applicationId: randomUUID() })), 'APPLICATION_NOT_FOUND');
    });

    test('list filters by cluster, namespace, name and type, newest first, paged without gaps', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const other = aCluster(accountId);
      await store.clusters.insert(other);
      const app = anApplication(accountId, clusterId, { name: 'shop', namespace: 'default' });
      await store.applications.insert(app);
      const made: Trigger[] = [];
      for (let i = 1; i <= 7; i++) {
        const trigger = i === 7
          ? aTrigger(accountId, clusterId, i, { type: 'application', applicationId: app.id, targetName: 'shop' })
          : aTrigger(accountId, i % 2 === 0 ? other.id : clusterId, i, { targetName: i === 5 ? 'api' : 'web' });
        await store.triggers.insert(trigger);
        made.push(trigger);
      }
      const ids = (list: Trigger[]) => list.map((x) => x.ackId);
      const pages = await allPages((cursor) => store.triggers.list(accountId, { limit: 3, cursor }));
      assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
      assert.deepEqual(ids(pages.flat()), [7, 6, 5, 4, 3, 2, 1]);
      assert.deepEqual(ids((await store.triggers.list(accountId, { limit: 50, clusterId: other.id })).items), [6, 4, 2]);
      assert.deepEqual(ids((await store.triggers.list(accountId, { limit: 50, clusterId, namespace: 'default', targetName: 'web' })).items), [3, 1]);
      assert.deepEqual(ids((await store.triggers.list(accountId, { limit: 50, type: 'application' })).items), [7]);
      assert.deepEqual(ids((await store.triggers.list(accountId, { limit: 50, namespace: 'prod' })).items), []);
      assert.deepEqual((await store.triggers.list(randomUUID(), { limit: 50 })).items, []);
    });

    test('update changes only the hardening options; delete removes; unknown ids report so', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const trigger = aTrigger(accountId, clusterId, 1);
      await store.triggers.insert(trigger);
      const updated = await store.triggers.update(accountId, trigger.id, { requireSignature: true, rateLimitPerMinute: 12, updatedAt: 5_000 });
      assert.deepEqual(updated, { ...trigger, requireSignature: true, rateLimitPerMinute: 12, updatedAt: 5_000 });
      const cleared = await store.triggers.update(accountId, trigger.id, { rateLimitPerMinute: null, updatedAt: 6_000 });
      assert.deepEqual(cleared, { ...trigger, requireSignature: true, rateLimitPerMinute: null, updatedAt: 6_000 });
      assert.equal(await store.triggers.update(accountId, randomUUID(), { updatedAt: 1 }), null);
      assert.equal(await store.triggers.update(randomUUID(), trigger.id, { updatedAt: 1 }), null, 'not across accounts');
      assert.equal(await store.triggers.delete(randomUUID(), trigger.id), false);
      assert.equal(await store.triggers.delete(accountId, trigger.id), true);
      assert.equal(await store.triggers.delete(accountId, trigger.id), false);
      assert.equal(await store.triggers.findByJti(trigger.jti), null);
    });

    test('claimRedeploy is a compare-and-set, also between concurrent transactions', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const trigger = aTrigger(accountId, clusterId, 1);
      await store.triggers.insert(trigger);
      assert.equal(await store.triggers.claimRedeploy(trigger.id, 'r0', 'r1'), false, 'expected null, not r0');
      assert.equal(await store.triggers.claimRedeploy(trigger.id, null, 'r1'), true);
      assert.equal(await store.triggers.claimRedeploy(trigger.id, null, 'r2'), false);
      assert.equal((await store.triggers.get(accountId, trigger.id))?.lastRedeployRecordId, 'r1');
      assert.equal(await store.triggers.claimRedeploy('no-such-trigger', null, 'r2'), false);
      // Many racing transactions from r1: exactly one wins.
      const wins = await Promise.all(Array.from({ length: 8 }, (_, i) =>
        store.transaction((tx) => tx.triggers.claimRedeploy(trigger.id, 'r1', `next-${i}`))));
      assert.equal(wins.filter(Boolean).length, 1);
      const winner = wins.indexOf(true);
      assert.equal((await store.triggers.findByJti(trigger.jti))?.lastRedeployRecordId, `next-${winner}`);
    });

    test('findForCall reads the trigger and the state of its newest redeploy record in one go', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const trigger = aTrigger(accountId, clusterId, 1);
      await store.triggers.insert(trigger);
      assert.deepEqual(await store.triggers.findForCall(trigger.jti), { trigger, lastRedeployState: null });
      assert.equal(await store.triggers.findForCall('nope'), null);
      const record = aRecord(accountId, { triggerId: trigger.id, state: 'queued' });
      assert.equal(await store.triggers.claimRedeploy(trigger.id, null, record.id), true);
      assert.equal((await store.triggers.findForCall(trigger.jti))?.lastRedeployState, null, 'not written yet');
      await store.records.insert(record);
      assert.deepEqual(await store.triggers.findForCall(trigger.jti), { trigger: { ...trigger, lastRedeployRecordId: record.id }, lastRedeployState: 'queued' });
      await store.records.update(accountId, record.id, { state: 'running', updatedAt: 2_000 });
      assert.equal((await store.triggers.findForCall(trigger.jti))?.lastRedeployState, 'running');
    });

    test('deleting the application or the cluster deletes (revokes) its triggers', async (t) => {
      const store = await openFor(t, open);
      const { accountId, clusterId } = await seeded(store);
      const app = anApplication(accountId, clusterId);
      await store.applications.insert(app);
      const ofApp = aTrigger(accountId, clusterId, 1, { type: 'application', applicationId: app.id, targetName: app.name });
      const ofDeployment = aTrigger(accountId, clusterId, 2);
      await store.triggers.insert(ofApp);
      await store.triggers.insert(ofDeployment);
      assert.equal(await store.applications.delete(accountId, app.id), true);
      assert.equal(await store.triggers.findByJti(ofApp.jti), null);
      assert.ok(await store.triggers.findByJti(ofDeployment.jti));
      assert.equal(await store.clusters.delete(accountId, clusterId), true);
      assert.equal(await store.triggers.findByJti(ofDeployment.jti), null);
    });
  });
}
