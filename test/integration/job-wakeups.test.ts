/**
 * Job wake-ups in one process (protocols-reliability.md Q8), on SQLite and PostgreSQL: a committed enqueue wakes
 * the local worker at once, so with a poll a minute away a job is still claimed within moments; a rolled-back one
 * wakes nobody; a group commit of many enqueues wakes once. Across replicas: job-wakeups.int.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sharedTransaction } from '../../src/app/shared-transaction.ts';
import type { EnqueueJob, EnqueueResult, JobQueue } from '../../src/app/ports/job-queue.ts';
import type { Store } from '../../src/app/ports/store.ts';
import { onSqliteAndPostgres } from '../helpers/every-store.ts';
import { claimed, countingClaims, listening, sleepingWorker } from '../helpers/sleeping-worker.ts';
import { until } from '../helpers/until.ts';

const job = (kind: string, extra: Partial<EnqueueJob> = {}): EnqueueJob => ({ accountId: 'a', kind, payload: {}, ...extra });

async function countWakes(t: TestContext, store: Store): Promise<() => number> {
  let wakes = 0;
  await listening(t, store, () => wakes++);
  const base = wakes;
  return () => wakes - base;
}

onSqliteAndPostgres((name, open) => {
  describe(`job wake-ups on ${name}`, () => {
    test('a job enqueued on the store is claimed at once by a worker whose poll is a minute away', async (t) => {
      const store = await open(t);
      const { startedAt } = await sleepingWorker(t, store);
      const { job: queued } = await store.jobs.enqueue(job('work'));
      assert.equal((await claimed(store, queued.id, startedAt)).leaseOwner, 'woken');
      // …and again, through a transaction, once the worker has finished that job and gone back to sleep (the end of
      // a job wakes it too, for the next job of its serial key).
      await until('the first job to succeed', async () => (await store.jobs.countByState()).succeeded === 1);
      await sleep(200);
      const again = await store.transaction((tx) => tx.jobs.enqueue(job('work')));
      assert.equal((await claimed(store, again.job.id, startedAt)).leaseOwner, 'woken');
      await until('the second job to succeed', async () => (await store.jobs.countByState()).succeeded === 2);
    });

    test('a transaction wakes only after it commits, once however many jobs it enqueued', async (t) => {
      const store = await open(t);
      const wakes = await countWakes(t, store);
      const ids = await store.transaction(async (tx) => {
        const made = [];
        for (let i = 0; i < 25; i++) made.push((await tx.jobs.enqueue(job('work'))).job.id);
        assert.equal(wakes(), 0, 'nobody is woken before COMMIT');
        return made;
      });
      assert.equal(wakes(), 1);
      assert.equal(ids.length, 25);
    });

    test('a group commit of many trigger-call-like enqueues wakes once', async (t) => {
      const store = await open(t);
      const wakes = await countWakes(t, store);
      // Queued in one turn of the event loop: sharedTransaction writes them in one transaction.
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) =>
        sharedTransaction(store, (tx) => tx.jobs.enqueue(job('work', { payload: { i } })))));
      assert.equal(new Set(results.map((r) => r.job.id)).size, 40);
      assert.equal(wakes(), 1);
    });

    test('a rolled-back enqueue wakes nobody, and the worker finds nothing to claim', async (t) => {
      const store = await open(t);
      const wakes = await countWakes(t, store);
      const { claims } = await sleepingWorker(t, store);
      const before = claims();
      let id = '';
      await assert.rejects(store.transaction(async (tx) => {
        id = (await tx.jobs.enqueue(job('work'))).job.id;
        throw new Error('the caller changed its mind');
      }), /changed its mind/);
      await sleep(300);
      assert.equal(wakes(), 0);
      assert.equal(claims(), before, 'the sleeping worker was not woken');
      assert.equal(await store.jobs.get(id), null);
    });

    test('a job delayed into the future wakes nobody; a deduplicated repeat of a finished job neither', async (t) => {
      const store = await open(t);
      const wakes = await countWakes(t, store);
      await store.jobs.enqueue(job('work', { delayMs: 60_000 }));
      await store.transaction((tx) => tx.jobs.enqueue(job('work', { delayMs: 60_000 })));
      assert.equal(wakes(), 0);
      const { job: first } = await store.jobs.enqueue(job('work', { dedupeKey: 'once' }));
      const taken = await store.jobs.claim('w', 10_000);
      assert.ok(taken);
      assert.equal(taken.id, first.id);
      await store.jobs.complete({ id: first.id, owner: 'w', fence: taken.fence }, null);
      const before = wakes();
      assert.equal((await store.jobs.enqueue(job('work', { dedupeKey: 'once' }))).created, false);
      assert.equal(wakes(), before);
    });

    test('a job given back (release) or requeued by the reaper wakes workers', async (t) => {
      const store = await open(t);
      const wakes = await countWakes(t, store);
      await store.jobs.enqueue(job('work'));
      const a = await store.jobs.claim('w', 10_000);
      assert.ok(a);
      const before = wakes();
      assert.equal(await store.jobs.release({ id: a.id, owner: 'w', fence: a.fence }), true);
      assert.equal(wakes(), before + 1);
      assert.ok(await store.jobs.claim('crashed', 1));
      await sleep(20);
      assert.equal(await store.jobs.reapExpired(), 1);
      assert.equal(wakes(), before + 2);
      assert.equal(await store.jobs.reapExpired(), 0);
      assert.equal(wakes(), before + 2, 'a reap that requeued nothing wakes nobody');
    });

    test('a wake-up that arrives while a claim is under way makes the worker claim again instead of sleeping', async (t) => {
      const store = await open(t);
      // The worker's first claim finds nothing, and a job is committed (and its wake-up given) before that claim
      // returns: the window in which a worker that only listened while asleep would miss the job for a whole poll.
      const race: { enqueued?: Promise<EnqueueResult> } = {};
      const { queue, claims } = countingClaims(store.jobs);
      const racing = Object.create(queue) as JobQueue;
      racing.claim = async (...args) => {
        const found = await queue.claim(...args);
        race.enqueued ??= store.jobs.enqueue(job('work'));
        await race.enqueued;
        return found;
      };
      const { startedAt } = await sleepingWorker(t, store, { queue: racing, claims });
      assert.ok(race.enqueued);
      const { job: enqueued } = await race.enqueued;
      assert.equal((await claimed(store, enqueued.id, startedAt)).leaseOwner, 'woken');
    });
  });
}, 'job wake-ups on PostgreSQL need CAPSTAN_TEST_DATABASE_URL');
