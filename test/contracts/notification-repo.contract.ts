/**
 * NotificationRepo contract, and the outbox guarantee built on it (a record finish and its delivery jobs commit or
 * roll back together): SQLite (memory and file) and PostgreSQL must pass it. Each test opens its own store.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { enqueueRecordNotifications } from '../../src/app/notifications/enqueue-record-notifications.ts';
import { finishWithNotifications } from '../../src/app/notifications/finish-with-notifications.ts';
import { randomIds } from '../../src/app/ports/id-source.ts';
import type { Store } from '../../src/app/ports/store.ts';
import { finishRecord } from '../../src/app/records/finish-record.ts';
import { startRecord } from '../../src/app/records/start-record.ts';
import { stopRecord } from '../../src/app/records/stop-record.ts';
import type { DeployRecord } from '../../src/domain/deploy-record.ts';
import {
  NOTIFICATION_DELIVERY_JOB, recordMessageId, type NotificationChannel, type NotificationDelivery, type NotificationDeliveryPayload,
} from '../../src/domain/notification-channel.ts';
import { allPages, anAccount, anApplication, aCluster, openFor, rejectsWith, type OpenStore } from './store.contract.ts';

let counter = 0;
export function aChannel(accountId: string, overrides: Partial<NotificationChannel> = {}): NotificationChannel {
  counter += 1;
  return {
    id: randomUUID(), accountId, name: `chan-${counter}-${randomUUID().slice(0, 6)}`, urlCiphertext: `v1.sealed-url-${counter}`,
    urlDisplay: 'https://hooks.example', events: ['record.failed', 'record.stopped'], format: 'json', filter: {}, enabled: true,
    secretCiphertext: `v1.sealed-secret-${counter}`, createdAt: 1_000 + counter, updatedAt: 1_000 + counter, ...overrides,
  };
}

function aDelivery(channel: NotificationChannel, at: number, overrides: Partial<NotificationDelivery> = {}): NotificationDelivery {
  return {
    id: randomIds.newOrderedId(), accountId: channel.accountId, channelId: channel.id, messageId: `msg_${randomUUID().replaceAll('-', '')}`,
    event: 'record.failed', recordId: 'f'.repeat(32), attempt: 1, outcome: 'retrying', statusCode: 500, error: 'answered 500', durationMs: 12,
    at, ...overrides,
  };
}

async function anAccountIn(store: Store): Promise<string> {
  const account = anAccount();
  await store.accounts.insert(account);
  return account.id;
}

const clock = { now: () => Date.now() };

async function aQueuedRecord(store: Store, accountId: string, extra: { taskId?: string; clusterId?: string; applicationId?: string } = {}): Promise<DeployRecord> {
  const target = extra.applicationId !== undefined ? { applicationId: extra.applicationId }
    : { clusterId: extra.clusterId ?? 'c1', workload: { namespace: 'shop', kind: 'Deployment' as const, name: 'web' } };
  return store.transaction(async (tx) => (await startRecord({ clock, ids: randomIds }, tx, {
    accountId, type: 'deploy', origin: 'api', hookAction: 'deploy', plan: [{ type: 'restart', name: 'restart', target }],
    taskId: extra.taskId ?? null, createdBy: null, timeoutMs: 60_000, serialKey: `test/${randomUUID()}`,
  })).record);
}

async function deliveryJobs(store: Store, accountId: string): Promise<NotificationDeliveryPayload[]> {
  const jobs = await store.jobs.list(accountId, { kind: NOTIFICATION_DELIVERY_JOB, limit: 100 });
  return jobs.map((j) => j.payload as NotificationDeliveryPayload);
}

export function notificationRepoContract(name: string, open: OpenStore): void {
  describe(`NotificationRepo contract: ${name}`, () => {
    test('insert then get round-trips every field, only in its own account; unknown is null', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const full = aChannel(accountId, {
        events: ['record.succeeded', 'record.failed', 'record.stopped'], format: 'slack', enabled: false,
        filter: { origin: 'trigger-url', taskId: 'task-1', triggerId: 'trg-1', clusterId: 'prod' },
      });
      const bare = aChannel(accountId);
      await store.notifications.insert(full);
      await store.notifications.insert(bare);
      assert.deepEqual(await store.notifications.get(accountId, full.id), full);
      assert.deepEqual(await store.notifications.get(accountId, bare.id), bare);
      assert.equal(await store.notifications.get(await anAccountIn(store), full.id), null);
      assert.equal(await store.notifications.get(accountId, randomUUID()), null);
    });

    test('names are unique per account: NAME_TAKEN, ID_TAKEN; another account may reuse the name; an unknown account is refused', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const first = aChannel(accountId);
      await store.notifications.insert(first);
      await rejectsWith(store.notifications.insert(aChannel(accountId, { name: first.name })), 'NAME_TAKEN');
      await rejectsWith(store.notifications.insert(aChannel(accountId, { id: first.id })), 'ID_TAKEN');
      await store.notifications.insert(aChannel(await anAccountIn(store), { name: first.name }));
      await rejectsWith(store.notifications.insert(aChannel(randomUUID())), 'ACCOUNT_NOT_FOUND');
    });

    test('list pages newest first within the account', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const made: NotificationChannel[] = [];
      for (let i = 0; i < 5; i++) {
        const c = aChannel(accountId, { createdAt: 10_000 + i });
        await store.notifications.insert(c);
        made.push(c);
      }
      await store.notifications.insert(aChannel(await anAccountIn(store)));
      const pages = await allPages((cursor) => store.notifications.list(accountId, { limit: 2, cursor }));
      assert.deepEqual(pages.map((p) => p.length), [2, 2, 1]);
      assert.deepEqual(pages.flat().map((c) => c.id), made.reverse().map((c) => c.id));
    });

    test('update replaces the fields; unknown is NOTIFICATION_CHANNEL_NOT_FOUND, a taken name NAME_TAKEN', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const channel = aChannel(accountId);
      const other = aChannel(accountId);
      await store.notifications.insert(channel);
      await store.notifications.insert(other);
      const next: NotificationChannel = {
        ...channel, name: 'renamed', urlCiphertext: 'v1.new-url', urlDisplay: 'http://other.example/…', events: ['record.succeeded'],
        format: 'slack', filter: { clusterId: 'c9' }, enabled: false, updatedAt: channel.updatedAt + 5,
      };
      await store.notifications.update(next);
      assert.deepEqual(await store.notifications.get(accountId, channel.id), next);
      await store.notifications.update({ ...next, filter: {} });
      assert.deepEqual((await store.notifications.get(accountId, channel.id))?.filter, {});
      await rejectsWith(store.notifications.update({ ...next, name: other.name }), 'NAME_TAKEN');
      await rejectsWith(store.notifications.update(aChannel(accountId)), 'NOTIFICATION_CHANNEL_NOT_FOUND');
      await rejectsWith(store.notifications.update({ ...next, accountId: await anAccountIn(store) }), 'NOTIFICATION_CHANNEL_NOT_FOUND');
    });

    test('enabledRoutes: the enabled channels of the account, with events and filter only', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const on = aChannel(accountId, { events: ['record.succeeded'], filter: { taskId: 't1', origin: 'api' } });
      await store.notifications.insert(on);
      await store.notifications.insert(aChannel(accountId, { enabled: false }));
      await store.notifications.insert(aChannel(await anAccountIn(store)));
      assert.deepEqual(await store.notifications.enabledRoutes(accountId), [{ id: on.id, events: ['record.succeeded'], filter: { taskId: 't1', origin: 'api' } }]);
      assert.deepEqual(await store.notifications.enabledRoutes(await anAccountIn(store)), []);
    });

    test('deliveries: appended, listed newest first per channel, deleted with their channel', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const channel = aChannel(accountId);
      const other = aChannel(accountId);
      await store.notifications.insert(channel);
      await store.notifications.insert(other);
      const made: NotificationDelivery[] = [];
      for (let i = 0; i < 3; i++) {
        const d = aDelivery(channel, 5_000 + i, i === 2 ? { outcome: 'delivered', statusCode: 204, error: null, attempt: 3 } : { attempt: i + 1 });
        await store.notifications.addDelivery(d);
        made.push(d);
      }
      await store.notifications.addDelivery(aDelivery(other, 5_000, { event: 'notification.test', recordId: null, statusCode: null, outcome: 'failed' }));
      const pages = await allPages((cursor) => store.notifications.listDeliveries(accountId, channel.id, { limit: 2, cursor }));
      assert.deepEqual(pages.flat(), made.reverse());
      assert.equal((await store.notifications.listDeliveries(await anAccountIn(store), channel.id, { limit: 10 })).items.length, 0);

      assert.equal(await store.notifications.delete(accountId, channel.id), true);
      assert.equal(await store.notifications.delete(accountId, channel.id), false);
      assert.deepEqual((await store.notifications.listDeliveries(accountId, channel.id, { limit: 10 })).items, []);
      assert.equal((await store.notifications.listDeliveries(accountId, other.id, { limit: 10 })).items.length, 1);
      await rejectsWith(store.notifications.addDelivery(aDelivery(channel, 6_000)), 'NOTIFICATION_CHANNEL_NOT_FOUND');
    });

    test('pruneDeliveries: attempts before the cutoff go, oldest first across channels, at most `limit` a call', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const [a, b] = [aChannel(accountId), aChannel(accountId)];
      for (const c of [a, b]) await store.notifications.insert(c);
      const old = [aDelivery(a, 1_000), aDelivery(a, 1_001), aDelivery(b, 1_002)];
      const kept = [aDelivery(a, 9_000), aDelivery(b, 9_001)];
      for (const d of [...old, ...kept]) await store.notifications.addDelivery(d);
      const remaining = async () => (await Promise.all([a, b].map((c) => store.notifications.listDeliveries(accountId, c.id, { limit: 10 }))))
        .flatMap((p) => p.items.map((d) => d.id)).sort();
      assert.equal(await store.notifications.pruneDeliveries(5_000, 2), 2);
      assert.equal((await remaining()).length, 3);
      assert.equal(await store.notifications.pruneDeliveries(5_000, 2), 1);
      assert.equal(await store.notifications.pruneDeliveries(5_000, 2), 0);
      assert.deepEqual(await remaining(), kept.map((d) => d.id).sort());
      assert.ok(await store.notifications.get(accountId, a.id), 'channels are never pruned');
    });

    test('outbox: a finish queues one delivery job per enabled matching channel, in its own transaction, once', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const failures = aChannel(accountId);
      const successesOnly = aChannel(accountId, { events: ['record.succeeded'] });
      const disabled = aChannel(accountId, { enabled: false });
      const otherTask = aChannel(accountId, { filter: { taskId: 'another-task' } });
      const sameTask = aChannel(accountId, { filter: { taskId: 'task-1', origin: 'api', clusterId: 'c1' } });
      for (const c of [failures, successesOnly, disabled, otherTask, sameTask]) await store.notifications.insert(c);

      const record = await aQueuedRecord(store, accountId, { taskId: 'task-1' });
      assert.equal(await finishRecord({ store, clock }, record, record.steps, 'failed', 'boom'), true);
      const jobs = await deliveryJobs(store, accountId);
      assert.deepEqual(jobs.map((p) => p.channelId).sort(), [failures.id, sameTask.id].sort());
      for (const p of jobs) {
        assert.deepEqual(p, { channelId: p.channelId, messageId: recordMessageId(record.id, p.channelId), event: 'record.failed', recordId: record.id });
        assert.doesNotMatch(p.messageId, /\./);
      }
      // Already final: the second finish writes nothing and queues nothing.
      assert.equal(await finishRecord({ store, clock }, record, record.steps, 'failed', 'again'), false);
      assert.equal((await deliveryJobs(store, accountId)).length, 2);
      // A repeated enqueue (a replayed finish) is deduplicated by the message id.
      await store.transaction((tx) => enqueueRecordNotifications(tx, { ...record, state: 'failed' }));
      assert.equal((await deliveryJobs(store, accountId)).length, 2);
    });

    test('outbox: a finish that rolls back leaves no delivery job; an account without channels queues none', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      await store.notifications.insert(aChannel(accountId, { events: ['record.succeeded'] }));
      const record = await aQueuedRecord(store, accountId);
      await assert.rejects(store.transaction(async (tx) => {
        assert.equal(await enqueueRecordNotifications(tx, { ...record, state: 'succeeded' }), 1);
        throw new Error('the finish failed after queueing');
      }), /the finish failed/);
      assert.deepEqual(await deliveryJobs(store, accountId), []);

      const quiet = await anAccountIn(store);
      const other = await aQueuedRecord(store, quiet);
      assert.equal(await finishRecord({ store, clock }, other, other.steps, 'succeeded', null), true);
      assert.deepEqual(await deliveryJobs(store, quiet), []);
    });

    test('outbox: the final write runs inside the jobs\' transaction when a channel wants the record, alone when none does', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      await store.notifications.insert(aChannel(accountId, { events: ['record.failed'] }));
      const seen: boolean[] = [];
      for (const state of ['succeeded', 'failed'] as const) {
        const record = await aQueuedRecord(store, accountId);
        const wrote = await finishWithNotifications(store, { ...record, state }, async (repos) => {
          seen.push(repos === store);
          return repos.records.update(accountId, record.id, { state, updatedAt: 2 }, ['queued']);
        });
        assert.equal(wrote, true);
      }
      assert.deepEqual(seen, [true, false], 'no channel wants a success: no transaction; a failure: one transaction');
      assert.equal((await deliveryJobs(store, accountId)).length, 1);
      // A write that refuses (the record was already final) queues nothing.
      const record = await aQueuedRecord(store, accountId);
      assert.equal(await finishWithNotifications(store, { ...record, state: 'failed' }, async () => false), false);
      assert.equal((await deliveryJobs(store, accountId)).length, 1);
    });

    test('outbox: stopping a queued record queues record.stopped with the stop', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const channel = aChannel(accountId);
      await store.notifications.insert(channel);
      const record = await aQueuedRecord(store, accountId);
      assert.equal((await stopRecord({ store, clock }, accountId, record.id)).state, 'stopped');
      assert.deepEqual(await deliveryJobs(store, accountId), [
        { channelId: channel.id, messageId: recordMessageId(record.id, channel.id), event: 'record.stopped', recordId: record.id },
      ]);
    });

    test('outbox: the cluster filter sees application targets through their application', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const prod = aCluster(accountId, { id: 'prod' });
      await store.clusters.insert(prod);
      await store.clusters.insert(aCluster(accountId, { id: 'staging' }));
      const app = anApplication(accountId, prod.id);
      await store.applications.insert(app);
      const prodChannel = aChannel(accountId, { events: ['record.succeeded'], filter: { clusterId: 'prod' } });
      const stagingChannel = aChannel(accountId, { events: ['record.succeeded'], filter: { clusterId: 'staging' } });
      await store.notifications.insert(prodChannel);
      await store.notifications.insert(stagingChannel);
      const viaApp = await aQueuedRecord(store, accountId, { applicationId: app.id });
      assert.equal(await finishRecord({ store, clock }, viaApp, viaApp.steps, 'succeeded', null), true);
      const direct = await aQueuedRecord(store, accountId, { clusterId: 'staging' });
      assert.equal(await finishRecord({ store, clock }, direct, direct.steps, 'succeeded', null), true);
      const jobs = await deliveryJobs(store, accountId);
      assert.deepEqual(jobs.map((p) => `${p.recordId}->${p.channelId}`).sort(), [`${viaApp.id}->${prodChannel.id}`, `${direct.id}->${stagingChannel.id}`].sort());
    });
  });
}
