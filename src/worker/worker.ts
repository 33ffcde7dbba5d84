import { setTimeout as delay } from 'node:timers/promises';
import type { JobQueue } from '../app/ports/job-queue.ts';
import type { JobWakeups } from '../app/ports/job-wakeups.ts';
import type { JobHandler } from './job-handler.ts';
import { JobRun } from './job-run.ts';
import type { WorkerLogger } from './worker-logger.ts';

export interface WorkerOptions {
  readonly queue: JobQueue;
  readonly handlers: ReadonlyMap<string, JobHandler>;
  /** Unique per process (and per start): written as lease_owner. */
  readonly owner: string;
  /** Jobs run at once by this worker. */
  readonly concurrency: number;
  readonly leaseMs: number;
  /**
   * Pause between claims when the queue had nothing for us. With `wakeups` it is only the safety net (missed
   * hints, delayed jobs falling due), so it can be long.
   */
  readonly pollMs: number;
  /** Hints that a committed write made a job claimable (the store's): the worker then claims at once (Q8). */
  readonly wakeups?: JobWakeups;
  readonly retryBaseMs: number;
  readonly retryCapMs: number;
  readonly logger: WorkerLogger;
  /** How often this worker requeues other workers' expired leases (default: leaseMs). */
  readonly reapEveryMs?: number;
}

type State = 'idle' | 'running' | 'stopping' | 'stopped';

/**
 * The durable job loop (protocols-reliability.md Q3, Q4, Q12): claims jobs of the kinds it has handlers for (a
 * kind this build does not know waits for a replica that does), runs up to `concurrency` at once under a lease
 * renewed every leaseMs/3, records each outcome with fence-guarded writes, and reaps expired leases.
 */
export class Worker {
  readonly #opts: WorkerOptions;
  readonly #kinds: readonly string[];
  readonly #runs = new Map<string, { run: JobRun; done: Promise<void> }>();
  #state: State = 'idle';
  #loop: Promise<void> = Promise.resolve();
  #reaper: NodeJS.Timeout | undefined;
  #wake: (() => void) | null = null;
  /** A wake-up came since the last claim began: that claim may have missed the job, so do not sleep. */
  #nudged = false;
  #unsubscribe: (() => void) | undefined;
  #stopped: Promise<void> = Promise.resolve();

  constructor(options: WorkerOptions) {
    this.#opts = options;
    this.#kinds = [...options.handlers.keys()];
  }

  /** Number of jobs running now. */
  get active(): number {
    return this.#runs.size;
  }

  start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'running';
    this.#unsubscribe = this.#opts.wakeups?.subscribe(() => this.wake(), this.#opts.logger);
    this.#loop = this.#claimLoop();
    this.#reaper = setInterval(() => void this.#reap(), this.#opts.reapEveryMs ?? this.#opts.leaseMs);
    this.#opts.logger.info({ owner: this.#opts.owner, kinds: this.#kinds, concurrency: this.#opts.concurrency }, 'worker started');
  }

  /**
   * A job may have become claimable: claim now instead of at the end of the poll. Cheap and synchronous (it runs on
   * the committing path of whoever enqueued); wake-ups that come while a claim is under way make one more claim.
   */
  wake(): void {
    this.#nudged = true;
    // With every slot busy there is nothing to claim for; the job that frees a slot wakes the loop itself.
    if (this.#runs.size < this.#opts.concurrency) this.#wake?.();
  }

  /**
   * Stops claiming, waits up to `graceMs` for running jobs, then aborts and releases the rest (queued again,
   * attempt not counted). Resolves when every job is finished or given back.
   */
  stop({ graceMs }: { graceMs: number }): Promise<void> {
    if (this.#state === 'idle') this.#state = 'stopped';
    if (this.#state === 'running') this.#stopped = this.#drain(graceMs);
    return this.#stopped;
  }

  async #drain(graceMs: number): Promise<void> {
    this.#state = 'stopping';
    this.#unsubscribe?.();
    clearInterval(this.#reaper);
    this.#wake?.();
    await this.#loop;
    const finished = Promise.all([...this.#runs.values()].map((r) => r.done)).then(() => true);
    const ac = new AbortController();
    const inTime = await Promise.race([finished, delay(graceMs, false, { signal: ac.signal }).catch(() => false)]);
    ac.abort();
    const late = inTime ? [] : [...this.#runs.values()];
    await Promise.all(late.map((r) => r.run.release()));
    this.#state = 'stopped';
    this.#opts.logger.info({ owner: this.#opts.owner, released: late.length }, 'worker stopped');
  }

  async #claimLoop(): Promise<void> {
    while (this.#state === 'running') {
      if (this.#runs.size >= this.#opts.concurrency || !(await this.#claimOne())) await this.#pause();
    }
  }

  /** Claims and starts one job; false when there was nothing to claim (or the claim failed). */
  async #claimOne(): Promise<boolean> {
    const { queue, owner, leaseMs, logger } = this.#opts;
    this.#nudged = false; // this claim sees every commit whose wake-up came before it
    const claimedAt = Date.now();
    let job;
    try {
      job = await queue.claim(owner, leaseMs, this.#kinds);
    } catch (error) {
      logger.warn({ err: error }, 'job claim failed');
      return false;
    }
    if (!job) return false;
    const run = new JobRun(job, owner, claimedAt, this.#opts);
    if (this.#state !== 'running') {
      await run.release(); // claimed while stop() began: give it straight back
      return false;
    }
    logger.debug({ jobId: job.id, kind: job.kind, attempt: job.attempts }, 'job claimed');
    const done = run.execute(this.#opts.handlers.get(job.kind)).finally(() => {
      this.#runs.delete(job.id);
      this.wake(); // a slot is free, and the next job of this serial key may be runnable now
    });
    this.#runs.set(job.id, { run, done });
    return true;
  }

  /** Sleeps for pollMs, or until a wake-up (a commit, a job finishing) or stop(); not at all if one is pending. */
  async #pause(): Promise<void> {
    if (!this.#nudged) {
      const ac = new AbortController();
      this.#wake = () => ac.abort();
      await delay(this.#opts.pollMs, undefined, { signal: ac.signal }).catch(() => {});
      this.#wake = null;
    }
    this.#nudged = false;
  }

  async #reap(): Promise<void> {
    try {
      const requeued = await this.#opts.queue.reapExpired();
      if (requeued > 0) this.#opts.logger.warn({ requeued }, 'requeued jobs whose lease expired');
    } catch (error) {
      this.#opts.logger.warn({ err: error }, 'job reaper failed');
    }
  }
}
