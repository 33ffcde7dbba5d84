/**
 * A Worker whose poll is a minute away, for the job wake-up tests: after its first (empty) claim it claims only when
 * woken, so a job it claims within seconds was found because a wake-up came, never because its poll fired.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { JobWakeupHub } from '../../src/adapters/store/job-wakeup-hub.ts';
import type { JobQueue } from '../../src/app/ports/job-queue.ts';
import type { Store } from '../../src/app/ports/store.ts';
import type { Job } from '../../src/domain/job.ts';
import { Worker, type WorkerOptions } from '../../src/worker/worker.ts';
import { silentLogger } from '../../src/worker/worker-logger.ts';
import { until } from './until.ts';

export const SLEEPING_POLL_MS = 60_000;
/** How long a woken worker may take to claim: generous for a slow CI machine, and far below the poll. */
export const CLAIM_WITHIN_MS = 5_000;

/** The queue, counting finished claim calls (a claim that has returned has seen the database). */
export function countingClaims(real: JobQueue): { queue: JobQueue; claims: () => number } {
  let claims = 0;
  const claim: JobQueue['claim'] = async (...args) => {
    try {
      return await real.claim(...args);
    } finally {
      claims++;
    }
  };
  // Every other method stays the real one, bound to it (its private fields do not follow a prototype chain).
  const queue = new Proxy(real, {
    get: (target, key) => {
      if (key === 'claim') return claim;
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { queue, claims: () => claims };
}

/**
 * Subscribes to the store's wake-ups (opening, on PostgreSQL, its LISTEN connection) and waits until the listener has
 * given its first wake-up, so that wake-ups seen afterwards come from the test's own commits.
 */
export async function listening(t: TestContext, store: Store, onWake: () => void = () => {}): Promise<void> {
  t.after(store.jobWakeups.subscribe(onWake));
  await (store.jobWakeups as JobWakeupHub).listening;
}

export interface SleepingWorkerOptions extends Partial<WorkerOptions> {
  /** Claims counted by the caller's own countingClaims wrapper (inside `queue`). */
  readonly claims?: () => number;
}

/** Starts a worker (owner `woken` unless given) that runs `work` jobs, and returns once its first claim is done. */
export async function sleepingWorker(t: TestContext, store: Store, options: SleepingWorkerOptions = {}) {
  await listening(t, store);
  const { claims: given, ...overrides } = options;
  const counted = given ? { queue: overrides.queue ?? store.jobs, claims: given } : countingClaims(overrides.queue ?? store.jobs);
  const worker = new Worker({
    handlers: new Map([['work', async () => ({ ok: true })]]), owner: 'woken', concurrency: 2, leaseMs: 30_000,
    pollMs: SLEEPING_POLL_MS, retryBaseMs: 1_000, retryCapMs: 1_000, logger: silentLogger, wakeups: store.jobWakeups,
    ...overrides, queue: counted.queue,
  });
  t.after(() => worker.stop({ graceMs: 1_000 }));
  const startedAt = Date.now();
  worker.start();
  await until('the first claim', () => counted.claims() >= 1);
  return { worker, startedAt, claims: counted.claims };
}

/** Waits (up to CLAIM_WITHIN_MS unless told) for the job to leave `queued`, and checks the poll cannot have done it. */
export async function claimed(store: Store, id: string, sinceStart: number, withinMs = CLAIM_WITHIN_MS, pollMs = SLEEPING_POLL_MS): Promise<Job> {
  const found = await until(`job ${id} to be claimed`, async () => {
    const j = await store.jobs.get(id);
    return j && j.state !== 'queued' ? j : null;
  }, withinMs, 10);
  assert.ok(Date.now() - sinceStart < pollMs, 'claimed before the worker\'s poll could have fired');
  return found;
}
