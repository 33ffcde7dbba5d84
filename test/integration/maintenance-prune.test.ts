/**
 * Retention end to end: the `maintenance.prune` job armed as main.ts arms it, run by the real Worker with every
 * registered handler, on SQLite and PostgreSQL. Job rows are stamped by the database's clock, so the app's clock is
 * frozen at "14 days after a known database instant": finished jobs before that instant are old, those after it
 * recent, with no sleeping and no raw SQL. Events, firing logs and audit entries are stamped by the app's clock and
 * are written with explicit ages.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AesGcmSecretBox } from '../../src/adapters/crypto/aes-gcm-secret-box.ts';
import { createKubeConnector } from '../../src/adapters/kube/kube-connector.ts';
import { OciRegistryClient } from '../../src/adapters/registry/oci-registry-client.ts';
import { webhookParsers } from '../../src/adapters/webhooks/senders.ts';
import { bootstrap } from '../../src/app/accounts/bootstrap.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { triggerLogWindow } from '../../src/app/image-triggers/trigger-log-window.ts';
import { armMaintenancePrune, MAINTENANCE_PRUNE_JOB, PRUNE_EVERY_MS } from '../../src/app/maintenance/arm-maintenance-prune.ts';
import { DAY_MS, DEFAULT_RETENTION, type RetentionSettings } from '../../src/app/maintenance/retention-settings.ts';
import { runMaintenancePrune } from '../../src/app/maintenance/run-maintenance-prune.ts';
import { randomIds } from '../../src/app/ports/id-source.ts';
import { MAX_PRUNE_BATCH } from '../../src/app/ports/job-queue.ts';
import type { Store } from '../../src/app/ports/store.ts';
import { IMAGE_PUSH_MATCH_JOB } from '../../src/domain/registry-event.ts';
import { jobHandlers } from '../../src/worker/job-handlers.ts';
import { Worker } from '../../src/worker/worker.ts';
import { silentLogger, type WorkerLogger } from '../../src/worker/worker-logger.ts';
import { anAuditEvent } from '../contracts/audit-log.contract.ts';
import { aChannel } from '../contracts/notification-repo.contract.ts';
import { anImageTrigger, aTriggerLog } from '../contracts/image-trigger-repos.contract.ts';
import { leaseOf } from '../contracts/job-queue.contract.ts';
import { anEvent } from '../contracts/registry-store.contract.ts';
import { onSqliteAndPostgres } from '../helpers/every-store.ts';
import { until } from '../helpers/until.ts';

interface World {
  readonly store: Store;
  readonly deps: AppDeps;
  readonly accountId: string;
}

/** The real store and use-case deps, with the app's clock frozen at `now`, and the default account bootstrapped. */
async function world(store: Store, now: () => number): Promise<World> {
  const deps: AppDeps = {
    store, secrets: new AesGcmSecretBox(randomBytes(32)), clock: { now }, ids: randomIds, kube: createKubeConnector(),
    registry: new OciRegistryClient({ timeoutMs: 5_000 }), webhooks: webhookParsers,
  };
  const { account } = await bootstrap(deps, `admin-${randomUUID()}`);
  return { store, deps, accountId: account.id };
}

/** A job of a kind no handler knows (the worker never claims it), taken to `state` by hand; returns its id. */
async function aJob(store: Store, accountId: string, state: 'queued' | 'succeeded' | 'failed'): Promise<string> {
  const kind = `test.retention.${randomUUID()}`;
  const { job } = await store.jobs.enqueue({ accountId, kind, payload: {} });
  if (state === 'queued') return job.id;
  const claimed = await store.jobs.claim('by-hand', 60_000, [kind]);
  assert.ok(claimed && claimed.id === job.id);
  assert.equal(state === 'succeeded' ? await store.jobs.complete(leaseOf(claimed), null) : await store.jobs.fail(leaseOf(claimed), 'gave up', null), true);
  return job.id;
}

function startWorker(t: TestContext, deps: AppDeps, retention: RetentionSettings, logger: WorkerLogger): Worker {
  const worker = new Worker({
    queue: deps.store.jobs, handlers: jobHandlers(deps, { maintenance: { retention, logger } }), owner: `test-${randomUUID().slice(0, 8)}`,
    concurrency: 2, leaseMs: 10_000, pollMs: 20, retryBaseMs: 50, retryCapMs: 500, logger: silentLogger,
  });
  worker.start();
  t.after(() => worker.stop({ graceMs: 5_000 }));
  return worker;
}

const tags = (items: readonly { tag: string }[]): string[] => items.map((x) => x.tag);

onSqliteAndPostgres((name, open) => {
  describe(`maintenance.prune: ${name}`, () => {
    test('an armed run prunes old jobs, events, firing logs and audit entries, keeps recent and still-needed ones, and re-arms once', async (t) => {
      const store = await open(t);
      // Jobs: the database stamps them. `boundary` lies between the old ones and the recent one.
      let frozen = 0;
      const { deps, accountId } = await world(store, () => frozen);
      const oldSucceeded = await aJob(store, accountId, 'succeeded');
      const oldFailed = await aJob(store, accountId, 'failed');
      const oldQueued = await aJob(store, accountId, 'queued');
      const boundary = Math.max(...await Promise.all([oldSucceeded, oldFailed, oldQueued].map(async (id) => (await store.jobs.get(id))?.updatedAt ?? Infinity))) + 1;
      await sleep(5);
      const recentSucceeded = await aJob(store, accountId, 'succeeded');
      assert.ok(((await store.jobs.get(recentSucceeded))?.updatedAt ?? 0) >= boundary);
      frozen = boundary + DEFAULT_RETENTION.jobDays * DAY_MS;
      const daysAgo = (days: number) => frozen - days * DAY_MS;

      // Registry events (30 days): a tag moved twice long ago, a recent push, and an old one still being matched.
      const superseded = anEvent(accountId, { tag: 'v1', digest: `sha256:${'1'.repeat(64)}` }, { receivedAt: daysAgo(45) });
      const head = anEvent(accountId, { tag: 'v1', digest: `sha256:${'2'.repeat(64)}` }, { receivedAt: daysAgo(40) });
      const recentEvent = anEvent(accountId, { tag: 'v2', digest: null }, { receivedAt: daysAgo(29) });
      const beingMatched = anEvent(accountId, { tag: 'v3', digest: null }, { receivedAt: daysAgo(31) });
      for (const e of [superseded, head, recentEvent, beingMatched]) assert.equal((await store.registryEvents.insertOnce(e)).created, true);
      const match = await store.jobs.enqueue({ accountId, kind: IMAGE_PUSH_MATCH_JOB, payload: { eventId: beingMatched.id }, delayMs: 3_600_000 });

      // Firing logs (90 days) of one repository: five old, three recent. ListTriggerLog pages them by position.
      const trigger = anImageTrigger(accountId, 'c1', { repository: 'team/web' });
      for (let i = 1; i <= 5; i++) await store.triggerLogs.append(aTriggerLog(trigger, { tag: `old${i}`, status: 'succeeded', invokedAt: daysAgo(100) + i }));
      for (let i = 1; i <= 3; i++) await store.triggerLogs.append(aTriggerLog(trigger, { tag: `new${i}`, status: 'succeeded', invokedAt: daysAgo(1) + i }));
      const window = (offset: number, limit: number) =>
        triggerLogWindow(deps, accountId, { repository: 'team/web', offset, limit, order: 'desc', orderBy: 'invoke_time' });
      assert.equal((await window(0, 1)).total, 8);

      // Audit entries (365 days): one a day past it, one a day short of it.
      const oldAudit = anAuditEvent(accountId, { at: daysAgo(366) });
      const recentAudit = anAuditEvent(accountId, { at: daysAgo(364) });
      for (const e of [oldAudit, recentAudit]) await store.auditEvents.append(e);

      // Notification delivery attempts follow the job retention (14 days).
      const channel = aChannel(accountId);
      await store.notifications.insert(channel);
      const attempt = (id: string, at: number) => ({
        id, accountId, channelId: channel.id, messageId: `msg_${id}`, event: 'record.failed' as const, recordId: null, attempt: 1,
        outcome: 'delivered' as const, statusCode: 204, error: null, durationMs: 5, at,
      });
      await store.notifications.addDelivery(attempt('d-old', daysAgo(15)));
      await store.notifications.addDelivery(attempt('d-new', daysAgo(13)));

      const lines: { obj: object; msg: string }[] = [];
      startWorker(t, deps, DEFAULT_RETENTION, { ...silentLogger, info: (obj, msg) => lines.push({ obj, msg }) });
      assert.equal(await armMaintenancePrune(store, accountId, DEFAULT_RETENTION, 0), true);

      const runs = await until('the prune run to finish', async () => {
        const all = await store.jobs.list(accountId, { kind: MAINTENANCE_PRUNE_JOB, limit: 10 });
        return all.some((j) => j.state === 'succeeded') ? all : null;
      });
      const [followUp, done] = runs;
      assert.equal(runs.length, 2, 'the run and exactly one follow-up');
      assert.ok(done && followUp);
      assert.deepEqual(done.result, { jobs: 2, registryEvents: 1, triggerLogs: 5, auditEvents: 1, notificationDeliveries: 1, rearmed: true });
      assert.equal(followUp.state, 'queued');
      assert.ok(followUp.runAfter >= followUp.createdAt + PRUNE_EVERY_MS - 1_000, 'an hour later');
      assert.deepEqual(lines.map((l) => l.msg), ['retention prune finished']);
      assert.deepEqual((lines[0]?.obj as { deleted: object }).deleted, { jobs: 2, registryEvents: 1, triggerLogs: 5, auditEvents: 1, notificationDeliveries: 1 });

      // Jobs: old finished ones are gone; the old queued one, the recent one and the pending match job stay.
      assert.equal(await store.jobs.get(oldSucceeded), null);
      assert.equal(await store.jobs.get(oldFailed), null);
      for (const id of [oldQueued, recentSucceeded, match.job.id, followUp.id]) assert.ok(await store.jobs.get(id), id);
      // Events: the superseded one is gone; the tag's head, the recent one and the one being matched stay.
      assert.equal(await store.registryEvents.get(accountId, superseded.id), null);
      for (const e of [head, recentEvent, beingMatched]) assert.ok(await store.registryEvents.get(accountId, e.id), e.id);
      // ListTriggerLog: total, first page and an offset page are exact after pruning.
      const firstPage = await window(0, 2);
      assert.deepEqual([firstPage.total, tags(firstPage.items)], [3, ['new3', 'new2']]);
      assert.deepEqual(tags((await window(2, 2)).items), ['new1']);
      assert.deepEqual((await window(3, 2)).items, []);
      // Audit log: the entry past the retention is gone, the younger one stays.
      assert.deepEqual((await store.auditEvents.list(accountId, { limit: 10 })).items.map((e) => e.id), [recentAudit.id]);
      assert.deepEqual((await store.notifications.listDeliveries(accountId, channel.id, { limit: 10 })).items.map((d) => d.id), ['d-new']);

      // Another replica starting now arms nothing new: the queued follow-up absorbs it, keeping its time.
      assert.equal(await armMaintenancePrune(store, accountId, DEFAULT_RETENTION, 0), true);
      const after = await store.jobs.list(accountId, { kind: MAINTENANCE_PRUNE_JOB, limit: 10 });
      assert.deepEqual(after.map((j) => [j.id, j.state, j.runAfter]), runs.map((j) => [j.id, j.state, j.runAfter]));
    });

    test('a kind set to 0 is kept; with every kind at 0 nothing is armed and a run ends the chain', async (t) => {
      const store = await open(t);
      const now = Date.now() + 400 * DAY_MS;
      const { deps, accountId } = await world(store, () => now);
      const oldJob = await aJob(store, accountId, 'succeeded');
      const oldEvent = anEvent(accountId, { tag: 'v1', digest: null }, { receivedAt: now - 365 * DAY_MS });
      await store.registryEvents.insertOnce(oldEvent);
      const trigger = anImageTrigger(accountId, 'c1');
      await store.triggerLogs.append(aTriggerLog(trigger, { status: 'succeeded', invokedAt: now - 365 * DAY_MS }));

      const oldAudit = anAuditEvent(accountId, { at: now - 400 * DAY_MS });
      await store.auditEvents.append(oldAudit);

      const eventsOnly = { jobDays: 0, eventDays: 30, triggerLogDays: 0, auditDays: 0 };
      assert.deepEqual(await runMaintenancePrune(deps, accountId, eventsOnly), { jobs: 0, registryEvents: 1, triggerLogs: 0, auditEvents: 0, notificationDeliveries: 0, rearmed: true });
      assert.ok(await store.jobs.get(oldJob));
      assert.equal((await store.triggerLogs.window(accountId, { offset: 0, limit: 5, order: 'desc', orderBy: 'invoke_time' })).total, 1);

      assert.equal((await store.auditEvents.list(accountId, { limit: 10 })).items.length, 1, 'audit retention 0 keeps every entry');

      const off = { jobDays: 0, eventDays: 0, triggerLogDays: 0, auditDays: 0 };
      assert.equal(await armMaintenancePrune(store, accountId, off, 0), false);
      assert.deepEqual(await runMaintenancePrune(deps, accountId, off), { jobs: 0, registryEvents: 0, triggerLogs: 0, auditEvents: 0, notificationDeliveries: 0, rearmed: false });
      const chain = await store.jobs.list(accountId, { kind: MAINTENANCE_PRUNE_JOB, limit: 10 });
      assert.deepEqual(chain.map((j) => j.state), ['queued'], 'only the follow-up the first run armed; a run with all off arms none');
    });

    test('audit retention alone keeps the chain armed and deletes only entries older than it, in batches', async (t) => {
      const store = await open(t);
      const now = Date.now() + 400 * DAY_MS;
      const { deps, accountId } = await world(store, () => now);
      const auditOnly = { jobDays: 0, eventDays: 0, triggerLogDays: 0, auditDays: 30 };
      assert.equal(await armMaintenancePrune(store, accountId, auditOnly, 3_600_000), true);
      // More than one batch (MAX_PRUNE_BATCH) of old entries, appended in one transaction, and a few recent ones.
      const old = Array.from({ length: MAX_PRUNE_BATCH + 5 }, (_, i) => anAuditEvent(accountId, { at: now - 31 * DAY_MS - i }));
      const recent = [1, 2, 3].map((i) => anAuditEvent(accountId, { at: now - 29 * DAY_MS + i }));
      await store.transaction(async (tx) => {
        for (const e of [...old, ...recent]) await tx.auditEvents.append(e);
      });
      const counts = await runMaintenancePrune(deps, accountId, auditOnly);
      assert.deepEqual(counts, { jobs: 0, registryEvents: 0, triggerLogs: 0, auditEvents: MAX_PRUNE_BATCH + 5, notificationDeliveries: 0, rearmed: true });
      const left = await store.auditEvents.list(accountId, { limit: 50 });
      assert.deepEqual(left.items.map((e) => e.id), recent.map((e) => e.id).reverse());
    });
  });
}, 'maintenance.prune on PostgreSQL (set CAPSTAN_TEST_DATABASE_URL)');
