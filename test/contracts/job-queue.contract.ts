/**
 * The JobQueue contract (protocols-reliability.md Q2–Q10), run on every Store implementation.
 * Each test opens its own store: claims and counts are global to a queue.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import type { EnqueueJob, JobLease } from '../../src/app/ports/job-queue.ts';
import type { Store } from '../../src/app/ports/store.ts';
import type { Job } from '../../src/domain/job.ts';
import type { ProtectionOperation } from '../../src/domain/protection-operation.ts';
import { aRecord } from './record-store.contract.ts';
import { openFor, rejectsWith, type OpenStore } from './store.contract.ts';

const ACCOUNT = 'acct-jobs';
const LEASE_MS = 30_000;

function input(overrides: Partial<EnqueueJob> = {}): EnqueueJob {
  return { accountId: ACCOUNT, kind: 'test.work', payload: { n: 1 }, ...overrides };
}

export function leaseOf(job: Job): JobLease {
  assert.ok(job.leaseOwner !== null, `job ${job.id} is not leased`);
  return { id: job.id, owner: job.leaseOwner, fence: job.fence };
}

async function claimOrFail(store: Store, owner = 'w1', leaseMs = LEASE_MS): Promise<Job> {
  const job = await store.jobs.claim(owner, leaseMs);
  assert.ok(job, 'expected a job to claim');
  return job;
}

export function jobQueueContract(name: string, open: OpenStore): void {
  describe(`JobQueue contract: ${name}`, () => {
    enqueueTests(open);
    claimTests(open);
    leaseTests(open);
    failureTests(open);
    reaperTests(open);
    listingTests(open);
    concurrencyTests(open);
    pruneTests(open);
  });
}

function enqueueTests(open: OpenStore): void {
  describe('enqueue', () => {
    test('stores a queued job with its payload, no attempts and fence 0', async (t) => {
      const store = await openFor(t, open);
      const { job, created } = await store.jobs.enqueue(input({ payload: { image: 'shop:1', tags: ['a'] }, serialKey: 'k' }));
      assert.equal(created, true);
      assert.equal(job.state, 'queued');
      assert.deepEqual(job.payload, { image: 'shop:1', tags: ['a'] });
      assert.deepEqual([job.attempts, job.fence, job.maxAttempts, job.serialKey], [0, 0, 5, 'k']);
      assert.equal(job.runAfter, job.createdAt);
      assert.deepEqual(await store.jobs.get(job.id), job);
    });

    test('commits with the caller\'s transaction and disappears with its rollback', async (t) => {
      const store = await openFor(t, open);
      const kept = await store.transaction((tx) => tx.jobs.enqueue(input({ dedupeKey: 'kept' })));
      await assert.rejects(store.transaction(async (tx) => {
        await tx.jobs.enqueue(input({ dedupeKey: 'dropped' }));
        throw new Error('abort');
      }));
      assert.ok(await store.jobs.get(kept.job.id));
      assert.equal((await store.jobs.countByState()).queued, 1);
      assert.equal((await store.jobs.enqueue(input({ dedupeKey: 'dropped' }))).created, true, 'the key was never taken');
    });

    test('a dedupe key is permanent: a later enqueue returns the first job, even after it ran', async (t) => {
      const store = await openFor(t, open);
      const first = await store.jobs.enqueue(input({ dedupeKey: 'push-1', payload: { v: 1 } }));
      const again = await store.jobs.enqueue(input({ dedupeKey: 'push-1', payload: { v: 2 } }));
      assert.deepEqual(again, { job: first.job, created: false });
      const claimed = await claimOrFail(store);
      assert.equal(await store.jobs.complete(leaseOf(claimed), { ok: 1 }), true);
      const after = await store.jobs.enqueue(input({ dedupeKey: 'push-1' }));
      assert.deepEqual([after.created, after.job.id, after.job.state], [false, first.job.id, 'succeeded']);
      assert.equal((await store.jobs.countByState()).queued, 0);
    });

    test('a coalesce key merges into the queued job (latest payload wins) but never into a running one', async (t) => {
      const store = await openFor(t, open);
      const first = await store.jobs.enqueue(input({ coalesceKey: 'restart:web', payload: { v: 1 } }));
      const merged = await store.jobs.enqueue(input({ coalesceKey: 'restart:web', payload: { v: 2 } }));
      assert.deepEqual([merged.created, merged.job.id, merged.job.payload], [false, first.job.id, { v: 2 }]);
      const running = await claimOrFail(store);
      assert.equal(running.id, first.job.id);
      const next = await store.jobs.enqueue(input({ coalesceKey: 'restart:web', payload: { v: 3 } }));
      assert.equal(next.created, true);
      // The running job may come back to queued (release) beside the new one without a clash.
      assert.equal(await store.jobs.release(leaseOf(running)), true);
      assert.equal((await store.jobs.countByState()).queued, 2);
    });

    test('a delayed job is not claimable before its time', async (t) => {
      const store = await openFor(t, open);
      const { job } = await store.jobs.enqueue(input({ delayMs: 60_000 }));
      assert.ok(job.runAfter >= job.createdAt + 60_000);
      assert.equal(await store.jobs.claim('w1', LEASE_MS), null);
    });

    test('rejects an empty kind or a max-attempts below 1 with VALIDATION_FAILED', async (t) => {
      const store = await openFor(t, open);
      await rejectsWith(store.jobs.enqueue(input({ kind: '' })), 'VALIDATION_FAILED');
      await rejectsWith(store.jobs.enqueue(input({ maxAttempts: 0 })), 'VALIDATION_FAILED');
    });
  });
}

function claimTests(open: OpenStore): void {
  describe('claim', () => {
    test('takes the lease: running, owner, lease in the future, attempts and fence counted', async (t) => {
      const store = await openFor(t, open);
      const { job } = await store.jobs.enqueue(input());
      const claimed = await claimOrFail(store, 'worker-a', 10_000);
      assert.equal(claimed.id, job.id);
      assert.deepEqual([claimed.state, claimed.leaseOwner, claimed.attempts, claimed.fence], ['running', 'worker-a', 1, 1]);
      assert.ok(claimed.leaseUntil !== null && claimed.leaseUntil >= claimed.updatedAt + 9_000);
      assert.equal(await store.jobs.claim('worker-b', 10_000), null, 'nothing else to claim');
    });

    test('runs one serial key in FIFO order, one job at a time', async (t) => {
      const store = await openFor(t, open);
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await store.jobs.enqueue(input({ serialKey: 'prod/shop/Deployment/web' }))).job.id);
      const order = [];
      for (let i = 0; i < 3; i++) {
        const job = await claimOrFail(store);
        assert.equal(await store.jobs.claim('w2', LEASE_MS), null, 'the key is busy while a job of it runs');
        order.push(job.id);
        await store.jobs.complete(leaseOf(job), null);
      }
      assert.deepEqual(order, ids);
    });

    test('different serial keys, and jobs without one, run in parallel', async (t) => {
      const store = await openFor(t, open);
      await store.jobs.enqueue(input({ serialKey: 'a' }));
      await store.jobs.enqueue(input({ serialKey: 'a' }));
      await store.jobs.enqueue(input({ serialKey: 'b' }));
      await store.jobs.enqueue(input());
      await store.jobs.enqueue(input());
      const claimed = [];
      for (let job = await store.jobs.claim('w', LEASE_MS); job; job = await store.jobs.claim('w', LEASE_MS)) claimed.push(job);
      assert.deepEqual(claimed.map((j) => j.serialKey), ['a', 'b', null, null]);
    });

    test('a queued job that waits for a retry still holds its place in its key\'s line', async (t) => {
      const store = await openFor(t, open);
      await store.jobs.enqueue(input({ serialKey: 'k' }));
      await store.jobs.enqueue(input({ serialKey: 'k' }));
      const first = await claimOrFail(store);
      assert.equal(await store.jobs.fail(leaseOf(first), 'flaky', 60_000), true);
      assert.equal(await store.jobs.claim('w', LEASE_MS), null);
    });

    test('claims only the kinds asked for', async (t) => {
      const store = await openFor(t, open);
      await store.jobs.enqueue(input({ kind: 'hook.run' }));
      assert.equal(await store.jobs.claim('w', LEASE_MS, []), null);
      assert.equal(await store.jobs.claim('w', LEASE_MS, ['trigger.redeploy']), null);
      assert.equal((await store.jobs.claim('w', LEASE_MS, ['trigger.redeploy', 'hook.run']))?.kind, 'hook.run');
    });
  });
}

function leaseTests(open: OpenStore): void {
  describe('lease', () => {
    test('heartbeat extends the lease; a wrong owner or fence is refused', async (t) => {
      const store = await openFor(t, open);
      await store.jobs.enqueue(input());
      const job = await claimOrFail(store, 'w1', 1_000);
      const lease = leaseOf(job);
      assert.equal(await store.jobs.heartbeat(lease, 60_000), true);
      const renewed = await store.jobs.get(job.id);
      assert.ok(renewed?.leaseUntil && job.leaseUntil && renewed.leaseUntil > job.leaseUntil + 50_000);
      assert.equal(await store.jobs.heartbeat({ ...lease, owner: 'w2' }, 60_000), false);
      assert.equal(await store.jobs.heartbeat({ ...lease, fence: lease.fence + 1 }, 60_000), false);
    });

    test('complete stores the result once; later lease-guarded calls return false', async (t) => {
      const store = await openFor(t, open);
      await store.jobs.enqueue(input());
      const lease = leaseOf(await claimOrFail(store));
      assert.equal(await store.jobs.complete(lease, { revision: 7 }), true);
      const done = await store.jobs.get(lease.id);
      assert.deepEqual([done?.state, done?.result, done?.leaseUntil], ['succeeded', { revision: 7 }, null]);
      assert.equal(await store.jobs.complete(lease, { revision: 8 }), false);
      assert.equal(await store.jobs.heartbeat(lease, LEASE_MS), false);
      assert.equal(await store.jobs.fail(lease, 'late', null), false);
      assert.equal(await store.jobs.release(lease), false);
    });

    test('release gives the job back uncounted, and the next claim gets a higher fence', async (t) => {
      const store = await openFor(t, open);
      await store.jobs.enqueue(input());
      const first = await claimOrFail(store, 'w1');
      assert.equal(await store.jobs.release(leaseOf(first)), true);
      const released = await store.jobs.get(first.id);
      assert.deepEqual([released?.state, released?.attempts, released?.leaseOwner], ['queued', 0, null]);
      const second = await claimOrFail(store, 'w2');
      assert.deepEqual([second.id, second.attempts], [first.id, 1]);
      assert.ok(second.fence > first.fence);
      assert.equal(await store.jobs.complete(leaseOf(first), null), false, 'the released lease is dead');
    });
  });
}

function failureTests(open: OpenStore): void {
  describe('failures and retries', () => {
    test('a retryable failure requeues the job to run after the delay', async (t) => {
      const store = await openFor(t, open);
      await store.jobs.enqueue(input({ maxAttempts: 2 }));
      const first = await claimOrFail(store);
      assert.equal(await store.jobs.fail(leaseOf(first), 'registry timeout', 50_000), true);
      const waiting = await store.jobs.get(first.id);
      assert.deepEqual([waiting?.state, waiting?.lastError, waiting?.leaseOwner], ['queued', 'registry timeout', null]);
      assert.ok(waiting && waiting.runAfter >= waiting.updatedAt + 49_000, 'due only after the delay');
      assert.equal(await store.jobs.claim('w', LEASE_MS), null);
      assert.equal(await store.jobs.fail(leaseOf(first), 'again', 0), false, 'the lease ended with the failure');
    });

    test('a retryable failure on the last attempt fails the job for good', async (t) => {
      const store = await openFor(t, open);
      await store.jobs.enqueue(input({ maxAttempts: 2 }));
      const first = await claimOrFail(store);
      assert.equal(await store.jobs.fail(leaseOf(first), 'conflict', 0), true);
      const second = await claimOrFail(store);
      assert.deepEqual([second.id, second.attempts, second.lastError], [first.id, 2, 'conflict']);
      assert.equal(await store.jobs.fail(leaseOf(second), 'conflict again', 0), true);
      const failed = await store.jobs.get(first.id);
      assert.deepEqual([failed?.state, failed?.attempts, failed?.lastError], ['failed', 2, 'conflict again']);
      assert.equal(await store.jobs.claim('w', LEASE_MS), null);
    });

    test('a failure without retry fails the job at once', async (t) => {
      const store = await openFor(t, open);
      await store.jobs.enqueue(input({ maxAttempts: 5 }));
      const job = await claimOrFail(store);
      assert.equal(await store.jobs.fail(leaseOf(job), 'container not found', null), true);
      const failed = await store.jobs.get(job.id);
      assert.deepEqual([failed?.state, failed?.attempts], ['failed', 1]);
      assert.equal(await store.jobs.claim('w', LEASE_MS), null);
    });
  });
}

function reaperTests(open: OpenStore): void {
  describe('reaper', () => {
    test('requeues an expired lease; the next claim changes the fence and the old lease is dead', async (t) => {
      const store = await openFor(t, open);
      await store.jobs.enqueue(input({ serialKey: 'web' }));
      const stale = await claimOrFail(store, 'crashed', 1);
      await sleep(15);
      assert.equal(await store.jobs.reapExpired(), 1);
      const requeued = await store.jobs.get(stale.id);
      assert.deepEqual([requeued?.state, requeued?.leaseOwner], ['queued', null]);
      assert.match(requeued?.lastError ?? '', /lease expired/);
      assert.equal(await store.jobs.complete(leaseOf(stale), null), false, 'dead before the re-claim');
      const fresh = await claimOrFail(store, 'survivor');
      assert.deepEqual([fresh.id, fresh.attempts, fresh.fence], [stale.id, 2, stale.fence + 1]);
      assert.equal(await store.jobs.heartbeat(leaseOf(stale), LEASE_MS), false);
      assert.equal(await store.jobs.complete(leaseOf(stale), null), false);
      assert.equal(await store.jobs.complete(leaseOf(fresh), 'ok'), true);
    });

    test('fails an expired job that has used all its attempts, and leaves live leases alone', async (t) => {
      const store = await openFor(t, open);
      await store.jobs.enqueue(input({ maxAttempts: 1, serialKey: 'a' }));
      await store.jobs.enqueue(input({ serialKey: 'b' }));
      const doomed = await claimOrFail(store, 'crashed', 1);
      const alive = await claimOrFail(store, 'healthy', 60_000);
      await sleep(15);
      assert.equal(await store.jobs.reapExpired(), 1);
      assert.equal((await store.jobs.get(doomed.id))?.state, 'failed');
      assert.equal((await store.jobs.get(alive.id))?.state, 'running');
      assert.equal(await store.jobs.reapExpired(), 0);
    });
  });
}

function listingTests(open: OpenStore): void {
  describe('listing and counts', () => {
    test('countByState reports every state, zeros included', async (t) => {
      const store = await openFor(t, open);
      assert.deepEqual(await store.jobs.countByState(), { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 });
      for (let i = 0; i < 4; i++) await store.jobs.enqueue(input());
      await store.jobs.complete(leaseOf(await claimOrFail(store)), null);
      await store.jobs.fail(leaseOf(await claimOrFail(store)), 'bad', null);
      await claimOrFail(store);
      assert.deepEqual(await store.jobs.countByState(), { queued: 1, running: 1, succeeded: 1, failed: 1, cancelled: 0 });
    });

    test('lists an account\'s jobs newest first, filtered by state and kind, paged by the last id', async (t) => {
      const store = await openFor(t, open);
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await store.jobs.enqueue(input({ kind: i % 2 ? 'odd' : 'even' }))).job.id);
      await store.jobs.enqueue({ ...input(), accountId: 'someone-else' });
      const newestFirst = [...ids].reverse();
      const firstPage = await store.jobs.list(ACCOUNT, { limit: 2 });
      assert.deepEqual(firstPage.map((j) => j.id), newestFirst.slice(0, 2));
      const secondPage = await store.jobs.list(ACCOUNT, { limit: 10, after: firstPage.at(-1)?.id ?? '' });
      assert.deepEqual(secondPage.map((j) => j.id), newestFirst.slice(2));
      assert.deepEqual((await store.jobs.list(ACCOUNT, { limit: 10, kind: 'odd' })).map((j) => j.id), [ids[3], ids[1]]);
      await claimOrFail(store);
      assert.deepEqual((await store.jobs.list(ACCOUNT, { limit: 10, state: 'running' })).map((j) => j.id), [ids[0]]);
      assert.deepEqual(await store.jobs.list(ACCOUNT, { limit: 10, after: randomUUID() }), []);
    });
  });
}

function concurrencyTests(open: OpenStore): void {
  describe('concurrent claimers', () => {
    test('simultaneous claims on one serial key: exactly one wins', async (t) => {
      const store = await openFor(t, open);
      for (let i = 0; i < 8; i++) await store.jobs.enqueue(input({ serialKey: 'hot' }));
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.jobs.claim(`w${i}`, LEASE_MS)));
      assert.equal(results.filter((j) => j !== null).length, 1);
    });

    test('many claimers over many keys: never two running per key, FIFO within each key', async (t) => {
      const store = await openFor(t, open);
      const keys = ['k0', 'k1', 'k2', 'k3'];
      const enqueued = new Map(keys.map((k) => [k, [] as string[]]));
      for (let i = 0; i < 32; i++) {
        const key = keys[i % keys.length] ?? 'k0';
        enqueued.get(key)?.push((await store.jobs.enqueue(input({ serialKey: key }))).job.id);
      }
      const running = new Set<string>();
      const ran = new Map(keys.map((k) => [k, [] as string[]]));
      let overlaps = 0;
      async function claimer(owner: string): Promise<void> {
        let idle = 0;
        while (idle < 5) {
          const job = await store.jobs.claim(owner, LEASE_MS);
          if (!job) {
            idle++;
            await sleep(2);
            continue;
          }
          idle = 0;
          const key = job.serialKey ?? '';
          if (running.has(key)) overlaps++;
          running.add(key);
          ran.get(key)?.push(job.id);
          await sleep(1);
          running.delete(key); // before complete: the key frees in the database only when complete commits
          assert.equal(await store.jobs.complete(leaseOf(job), null), true);
        }
      }
      await Promise.all(Array.from({ length: 6 }, (_, i) => claimer(`w${i}`)));
      assert.equal(overlaps, 0);
      assert.deepEqual(ran, enqueued);
      assert.equal((await store.jobs.countByState()).succeeded, 32);
    });
  });
}

let pruneKinds = 0;

/** Enqueues a job of a kind of its own and takes it to `state` (claiming only that kind); returns its id. */
async function jobIn(store: Store, state: 'queued' | 'running' | 'succeeded' | 'failed', extra: Partial<EnqueueJob> = {}): Promise<string> {
  const kind = `prune.test.${++pruneKinds}`;
  const { job } = await store.jobs.enqueue(input({ kind, ...extra }));
  if (state === 'queued') return job.id;
  const claimed = await store.jobs.claim('w', LEASE_MS, [kind]);
  assert.ok(claimed && claimed.id === job.id);
  if (state === 'succeeded') assert.equal(await store.jobs.complete(leaseOf(claimed), null), true);
  if (state === 'failed') assert.equal(await store.jobs.fail(leaseOf(claimed), 'gave up', null), true);
  return job.id;
}

/** A cutoff just after the last update of every job named (the database's own timestamps), once it has passed. */
async function cutoffAfter(store: Store, ids: readonly string[]): Promise<number> {
  let latest = 0;
  for (const id of ids) latest = Math.max(latest, (await store.jobs.get(id))?.updatedAt ?? Infinity);
  await sleep(5);
  return latest + 1;
}

function anOperation(overrides: Partial<ProtectionOperation>): ProtectionOperation {
  return {
    id: randomUUID(), accountId: ACCOUNT, applicationId: randomUUID(), action: 'snapshot', name: `snap-${randomUUID().slice(0, 8)}`,
    state: 'pending', stateUnready: [], hookState: null, hookStateDetails: [], volumeSnapshots: [], schemaVersion: '1.3', createdBy: null,
    createdAt: 1_000, startedAt: null, finishedAt: null, snapshotAt: null, updatedAt: 1_000, ...overrides,
  };
}

function pruneTests(open: OpenStore): void {
  describe('pruneFinished (retention)', () => {
    test('deletes finished jobs last updated before the cutoff; never queued or running ones, however old', async (t) => {
      const store = await openFor(t, open);
      const succeeded = await jobIn(store, 'succeeded', { dedupeKey: 'trigger/t1/webhook/msg_1' });
      const failed = await jobIn(store, 'failed');
      const queued = await jobIn(store, 'queued');
      const running = await jobIn(store, 'running');
      const retrying = await jobIn(store, 'running', { maxAttempts: 3 });
      const retryLease = await store.jobs.get(retrying);
      assert.ok(retryLease);
      assert.equal(await store.jobs.fail(leaseOf(retryLease), 'flaky', 0), true, 'back to queued for another attempt');
      const cutoff = await cutoffAfter(store, [succeeded, failed, queued, running, retrying]);
      const recent = await jobIn(store, 'succeeded');
      assert.ok(((await store.jobs.get(recent))?.updatedAt ?? 0) >= cutoff, 'finished after the cutoff');

      assert.equal(await store.jobs.pruneFinished(cutoff, 100), 2);
      assert.equal(await store.jobs.get(succeeded), null);
      assert.equal(await store.jobs.get(failed), null);
      for (const [id, state] of [[queued, 'queued'], [running, 'running'], [retrying, 'queued'], [recent, 'succeeded']] as const) {
        assert.equal((await store.jobs.get(id))?.state, state, `${state} job ${id} is kept`);
      }
      assert.equal(await store.jobs.pruneFinished(cutoff, 100), 0, 'nothing more to prune');
      assert.deepEqual(await store.jobs.countByState(), { queued: 2, running: 1, succeeded: 1, failed: 0, cancelled: 0 });
      // The bound retention puts on idempotency: a pruned job's dedupe key makes a new job again.
      assert.equal((await store.jobs.enqueue(input({ dedupeKey: 'trigger/t1/webhook/msg_1' }))).created, true);
    });

    test('keeps a finished job that a queued or running record, or a pending or running snapshot, still names', async (t) => {
      const store = await openFor(t, open);
      const ofRunningRecord = await jobIn(store, 'failed');
      const ofFinishedRecord = await jobIn(store, 'succeeded');
      const ofRunningOperation = await jobIn(store, 'failed');
      const ofCompletedOperation = await jobIn(store, 'succeeded');
      const record = aRecord(ACCOUNT, { state: 'running' });
      const operation = anOperation({ state: 'running' });
      await store.records.insert(record, ofRunningRecord);
      await store.records.insert(aRecord(ACCOUNT, { state: 'succeeded' }), ofFinishedRecord);
      await store.protectionOperations.insert(operation, ofRunningOperation);
      await store.protectionOperations.insert(anOperation({ state: 'completed' }), ofCompletedOperation);
      const cutoff = await cutoffAfter(store, [ofRunningRecord, ofFinishedRecord, ofRunningOperation, ofCompletedOperation]);

      assert.equal(await store.jobs.pruneFinished(cutoff, 100), 2);
      assert.equal(await store.jobs.get(ofFinishedRecord), null);
      assert.equal(await store.jobs.get(ofCompletedOperation), null);
      assert.ok(await store.jobs.get(ofRunningRecord), 'the orphan sweep still has to fail its record');
      assert.ok(await store.jobs.get(ofRunningOperation));
      // Once the sweep has settled them, their jobs go too.
      assert.equal(await store.records.update(ACCOUNT, record.id, { state: 'failed', updatedAt: 2_000 }, ['running']), true);
      assert.equal(await store.protectionOperations.update(ACCOUNT, operation.id, { state: 'failed', updatedAt: 2_000 }, ['running']), true);
      assert.equal(await store.jobs.pruneFinished(cutoff, 100), 2);
      assert.deepEqual(await store.jobs.countByState(), { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 });
    });

    test('one call deletes at most `limit` jobs, oldest first, walking every account', async (t) => {
      const store = await openFor(t, open);
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push(await jobIn(store, 'succeeded'));
      for (let i = 0; i < 2; i++) ids.push(await jobIn(store, 'succeeded', { accountId: 'acct-jobs-other' }));
      const cutoff = await cutoffAfter(store, ids);
      assert.equal(await store.jobs.pruneFinished(cutoff, 2), 2);
      assert.deepEqual(await Promise.all(ids.map(async (id) => (await store.jobs.get(id)) !== null)), [false, false, true, true, true],
        'the account\'s oldest two');
      assert.equal(await store.jobs.pruneFinished(cutoff, 2), 2, 'the rest of one account and the first of the next');
      assert.equal(await store.jobs.pruneFinished(cutoff, 2), 1);
      assert.equal(await store.jobs.pruneFinished(cutoff, 2), 0);
      assert.equal((await store.jobs.countByState()).succeeded, 0);
    });
  });
}
