/**
 * The Worker over the real job queue (SQLite in memory): handlers, retries, leases, reaping, graceful stop.
 * The kill test (job-kill.int.test.ts) covers crashes across processes on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import type { EnqueueJob, JobQueue } from '../../src/app/ports/job-queue.ts';
import type { Store } from '../../src/app/ports/store.ts';
import type { Job } from '../../src/domain/job.ts';
import type { JobHandler } from '../../src/worker/job-handler.ts';
import { Worker, type WorkerOptions } from '../../src/worker/worker.ts';
import { silentLogger } from '../../src/worker/worker-logger.ts';
import { until } from '../helpers/until.ts';

async function setup(t: TestContext, handlers: Record<string, JobHandler>, options: Partial<WorkerOptions> = {}) {
  const store = await openSqliteStore({ file: ':memory:' });
  const worker = new Worker({
    queue: store.jobs, handlers: new Map(Object.entries(handlers)), owner: 'test-worker', concurrency: 2,
    leaseMs: 5_000, pollMs: 10, retryBaseMs: 5, retryCapMs: 20, logger: silentLogger, ...options,
  });
  t.after(async () => {
    await worker.stop({ graceMs: 0 });
    await store.close();
  });
  return { store, worker };
}

const job = (kind: string, extra: Partial<EnqueueJob> = {}): EnqueueJob => ({ accountId: 'a', kind, payload: {}, ...extra });

/** The real queue with some methods replaced (methods of the real one stay bound to it). */
function overriding(real: JobQueue, overrides: Partial<JobQueue>): JobQueue {
  const methods = ['enqueue', 'claim', 'heartbeat', 'complete', 'fail', 'release', 'reapExpired', 'get', 'list', 'countByState'] as const;
  return Object.fromEntries(methods.map((m) => [m, overrides[m] ?? real[m].bind(real)])) as unknown as JobQueue;
}

async function settled(store: Store, id: string): Promise<Job> {
  return until(`job ${id} to finish`, async () => {
    const found = await store.jobs.get(id);
    return found && (found.state === 'succeeded' || found.state === 'failed') ? found : null;
  });
}

describe('Worker', () => {
  test('runs each job with the handler of its kind and stores the result', async (t) => {
    const { store, worker } = await setup(t, {
      'math.double': async (j) => ({ ok: true, result: { value: (j.payload as { n: number }).n * 2 } }),
      'text.upper': async (j) => ({ ok: true, result: String(j.payload).toUpperCase() }),
    });
    const a = await store.jobs.enqueue(job('math.double', { payload: { n: 21 } }));
    const b = await store.jobs.enqueue(job('text.upper', { payload: 'shop' }));
    worker.start();
    assert.deepEqual((await settled(store, a.job.id)).result, { value: 42 });
    assert.deepEqual((await settled(store, b.job.id)).result, 'SHOP');
  });

  test('a thrown error is a retryable failure: retried with backoff until attempts run out', async (t) => {
    let calls = 0;
    const { store, worker } = await setup(t, {
      flaky: async () => {
        calls++;
        throw new Error('registry timed out');
      },
    });
    const { job: queued } = await store.jobs.enqueue(job('flaky', { maxAttempts: 3 }));
    worker.start();
    const failed = await settled(store, queued.id);
    assert.deepEqual([failed.state, failed.attempts, calls], ['failed', 3, 3]);
    assert.match(failed.lastError ?? '', /registry timed out/);
  });

  test('a retryable failure followed by success ends succeeded; a non-retryable one fails at once', async (t) => {
    let flakyCalls = 0;
    let fatalCalls = 0;
    const { store, worker } = await setup(t, {
      flaky: async () => (++flakyCalls < 3 ? { ok: false, error: '503', retryable: true } : { ok: true }),
      fatal: async () => {
        fatalCalls++;
        return { ok: false, error: 'container not found', retryable: false };
      },
    });
    const flaky = await store.jobs.enqueue(job('flaky', { maxAttempts: 5 }));
    const fatal = await store.jobs.enqueue(job('fatal', { maxAttempts: 5 }));
    worker.start();
    const done = await settled(store, flaky.job.id);
    assert.deepEqual([done.state, done.attempts, done.lastError], ['succeeded', 3, '503']);
    const failed = await settled(store, fatal.job.id);
    assert.deepEqual([failed.state, failed.attempts, fatalCalls], ['failed', 1, 1]);
  });

  test('never runs more than `concurrency` jobs at once', async (t) => {
    let now = 0;
    let peak = 0;
    const { store, worker } = await setup(t, {
      slow: async () => {
        peak = Math.max(peak, ++now);
        await sleep(30);
        now--;
        return { ok: true };
      },
    }, { concurrency: 3 });
    for (let i = 0; i < 9; i++) await store.jobs.enqueue(job('slow', { serialKey: `k${i}` }));
    worker.start();
    await until('all jobs', async () => (await store.jobs.countByState()).succeeded === 9);
    assert.equal(peak, 3);
  });

  test('heartbeats keep the lease of a handler that outlives leaseMs, with a reaper running', async (t) => {
    const { store, worker } = await setup(t, {
      long: async () => {
        await sleep(700);
        return { ok: true };
      },
    }, { leaseMs: 240, reapEveryMs: 20 });
    const { job: queued } = await store.jobs.enqueue(job('long'));
    worker.start();
    const done = await settled(store, queued.id);
    assert.deepEqual([done.state, done.attempts], ['succeeded', 1]);
  });

  test('aborts the handler when the lease is lost, and records nothing for it', async (t) => {
    const store = await openSqliteStore({ file: ':memory:' });
    let completes = 0;
    // A queue whose lease was taken over: every renewal is refused.
    const queue = overriding(store.jobs, {
      heartbeat: async () => false,
      complete: async () => {
        completes++;
        return false;
      },
    });
    let aborted: unknown = null;
    const worker = new Worker({
      queue, owner: 'w', concurrency: 1, leaseMs: 60, pollMs: 10, retryBaseMs: 5, retryCapMs: 5, logger: silentLogger,
      handlers: new Map<string, JobHandler>([['wait', async (_job, ctx) => {
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        aborted = ctx.signal.reason;
        return { ok: true };
      }]]),
    });
    t.after(async () => {
      await worker.stop({ graceMs: 0 });
      await store.close();
    });
    await store.jobs.enqueue(job('wait'));
    worker.start();
    await until('the handler to be aborted', async () => aborted);
    await sleep(20);
    assert.equal(completes, 0);
  });

  test('requeues a crashed worker\'s expired job and runs it again', async (t) => {
    const { store, worker } = await setup(t, { work: async () => ({ ok: true }) }, { reapEveryMs: 20 });
    const { job: queued } = await store.jobs.enqueue(job('work'));
    const ghost = await store.jobs.claim('crashed-worker', 1);
    assert.equal(ghost?.id, queued.id);
    worker.start();
    const done = await settled(store, queued.id);
    assert.deepEqual([done.state, done.attempts, done.leaseOwner], ['succeeded', 2, 'test-worker']);
  });

  test('stop waits for running handlers within the grace period, then claims nothing more', async (t) => {
    const { store, worker } = await setup(t, {
      work: async () => {
        await sleep(80);
        return { ok: true };
      },
    });
    const { job: first } = await store.jobs.enqueue(job('work'));
    worker.start();
    await until('the job to start', async () => (await store.jobs.get(first.id))?.state === 'running');
    await worker.stop({ graceMs: 5_000 });
    assert.equal((await store.jobs.get(first.id))?.state, 'succeeded');
    const { job: later } = await store.jobs.enqueue(job('work'));
    await sleep(50);
    assert.equal((await store.jobs.get(later.id))?.state, 'queued');
  });

  test('stop releases what still runs after the grace period: queued again, attempt not counted', async (t) => {
    let signal: AbortSignal | null = null;
    const { store, worker } = await setup(t, {
      stuck: async (_job, ctx) => {
        signal = ctx.signal;
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        return { ok: true };
      },
    });
    const { job: queued } = await store.jobs.enqueue(job('stuck'));
    worker.start();
    await until('the handler to start', async () => signal);
    await worker.stop({ graceMs: 30 });
    const released = await store.jobs.get(queued.id);
    assert.deepEqual([released?.state, released?.attempts, released?.leaseOwner], ['queued', 0, null]);
    assert.equal((signal as AbortSignal | null)?.aborted, true);
  });
});
