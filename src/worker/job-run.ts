import type { JobLease, JobQueue } from '../app/ports/job-queue.ts';
import { backoffMs, type Job } from '../domain/job.ts';
import type { JobHandler, JobOutcome } from './job-handler.ts';
import type { WorkerLogger } from './worker-logger.ts';

export interface JobRunOptions {
  readonly queue: JobQueue;
  readonly leaseMs: number;
  readonly retryBaseMs: number;
  readonly retryCapMs: number;
  readonly logger: WorkerLogger;
}

const MAX_ERROR_LENGTH = 2_000;

/**
 * One attempt of one claimed job: runs the handler under a heartbeat, then records the outcome with
 * lease-guarded writes. Never throws: queue failures are logged, and the lease then simply expires so the
 * reaper hands the job to someone else (at-least-once).
 */
export class JobRun {
  readonly job: Job;
  readonly lease: JobLease;
  readonly #opts: JobRunOptions;
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<boolean> | null = null;
  /** Local time when the last successful renewal was sent: the lease holds until at least this + leaseMs. */
  #renewedAt: number;
  #over = false;

  constructor(job: Job, owner: string, claimedAt: number, opts: JobRunOptions) {
    this.job = job;
    this.lease = { id: job.id, owner, fence: job.fence };
    this.#opts = opts;
    this.#renewedAt = claimedAt;
  }

  async execute(handler: JobHandler | undefined): Promise<void> {
    this.#timer = setInterval(() => void this.heartbeat(), Math.max(1, Math.floor(this.#opts.leaseMs / 3)));
    const outcome = await this.#runHandler(handler);
    clearInterval(this.#timer);
    if (this.#over) {
      this.#opts.logger.warn({ jobId: this.job.id, kind: this.job.kind }, 'job outcome discarded: the lease was lost or given back');
      return;
    }
    await this.#record(outcome);
  }

  /** Renews the lease; false once it is lost. Concurrent calls share one round trip. */
  heartbeat(): Promise<boolean> {
    if (this.#over) return Promise.resolve(false);
    this.#beating ??= this.#renew().finally(() => {
      this.#beating = null;
    });
    return this.#beating;
  }

  /** Graceful stop ran out of time: abort the handler and give the job back, uncounted (Q12). */
  async release(): Promise<void> {
    if (this.#over) return;
    this.#end(new Error('the worker is stopping'));
    try {
      await this.#opts.queue.release(this.lease);
      this.#opts.logger.info({ jobId: this.job.id, kind: this.job.kind }, 'job released at shutdown');
    } catch (error) {
      this.#opts.logger.error({ err: error, jobId: this.job.id }, 'could not release the job; it runs again after its lease expires');
    }
  }

  async #runHandler(handler: JobHandler | undefined): Promise<JobOutcome> {
    if (!handler) return { ok: false, error: `no handler for job kind ${this.job.kind}`, retryable: false };
    try {
      return await handler(this.job, { signal: this.#controller.signal, lease: this.lease, heartbeat: () => this.heartbeat() });
    } catch (error) {
      return { ok: false, error: describe(error), retryable: true };
    }
  }

  async #renew(): Promise<boolean> {
    const sentAt = Date.now();
    try {
      if (await this.#opts.queue.heartbeat(this.lease, this.#opts.leaseMs)) {
        this.#renewedAt = sentAt;
        return true;
      }
      this.#lose('the lease was taken over');
    } catch (error) {
      this.#opts.logger.warn({ err: error, jobId: this.job.id }, 'heartbeat failed');
      // Without a renewal the lease runs out by the database's clock; stop no later than that.
      if (Date.now() - this.#renewedAt >= this.#opts.leaseMs) this.#lose('the lease expired while the database was unreachable');
    }
    return !this.#over;
  }

  #lose(reason: string): void {
    if (this.#over) return;
    this.#opts.logger.warn({ jobId: this.job.id, kind: this.job.kind, reason }, 'job lease lost; aborting the handler');
    this.#end(new Error(reason));
  }

  #end(reason: Error): void {
    this.#over = true;
    clearInterval(this.#timer);
    this.#controller.abort(reason);
  }

  async #record(outcome: JobOutcome): Promise<void> {
    const { queue, logger } = this.#opts;
    const fields = { jobId: this.job.id, kind: this.job.kind, attempt: this.job.attempts };
    try {
      if (outcome.ok) {
        if (await queue.complete(this.lease, outcome.result ?? null)) return logger.info(fields, 'job succeeded');
      } else {
        const retryInMs = outcome.retryable ? this.#retryDelay(outcome.retryAfterMs ?? null) : null;
        if (await queue.fail(this.lease, clip(outcome.error), retryInMs)) {
          return logger.warn({ ...fields, error: clip(outcome.error), retryInMs }, 'job attempt failed');
        }
      }
      logger.warn(fields, 'job outcome discarded: the lease was lost');
    } catch (error) {
      logger.error({ err: error, ...fields }, 'could not record the job outcome; it runs again after its lease expires');
    }
  }

  /** The backoff, or the handler's minimum when longer; never over the cap. */
  #retryDelay(atLeastMs: number | null): number {
    const backoff = backoffMs(this.job.attempts, this.#opts.retryBaseMs, this.#opts.retryCapMs);
    return atLeastMs === null ? backoff : Math.max(backoff, Math.min(atLeastMs, this.#opts.retryCapMs));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function clip(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
