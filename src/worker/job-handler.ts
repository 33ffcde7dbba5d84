import type { JobLease } from '../app/ports/job-queue.ts';
import type { Job } from '../domain/job.ts';

/**
 * What a handler reports. Failures are data (DESIGN.md, execution model 5): only `retryable` ones run again.
 * `retryAfterMs` asks for at least that long before the next attempt (a receiver's Retry-After); the worker still
 * caps every delay at its retryCapMs.
 */
export type JobOutcome = { ok: true; result?: unknown } | { ok: false; error: string; retryable: boolean; retryAfterMs?: number | null };

export interface JobContext {
  /** Aborted when the lease is lost (reaped and possibly re-claimed elsewhere) or the worker stops for good. */
  readonly signal: AbortSignal;
  readonly lease: JobLease;
  /**
   * Renews the lease now (the worker also renews it every leaseMs/3). False means the lease is gone: stop before
   * the next side effect (Q4). Call it before each irreversible step of a long job.
   */
  heartbeat(): Promise<boolean>;
}

/**
 * Runs one attempt of a job. Runs at least once per job and may run again after a crash, so it must be safe to
 * repeat (Q6: inspect, then resume). A thrown error counts as a retryable failure.
 */
export type JobHandler = (job: Job, ctx: JobContext) => Promise<JobOutcome>;
