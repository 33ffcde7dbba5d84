import type { Job, JobState } from '../../domain/job.ts';

export interface EnqueueJob {
  readonly accountId: string;
  readonly kind: string;
  readonly payload: unknown;
  /** At most one running job per serial key, across replicas; queued jobs of one key run in FIFO order. */
  readonly serialKey?: string | null;
  /**
   * Idempotency key: a second enqueue with it returns the first job (`created: false`), for as long as that job is
   * kept — retention deletes finished jobs after CAPSTAN_JOB_RETENTION_DAYS (at least a day), which frees the key
   * (pruneFinished). Use it for replays that can only arrive within that window.
   */
  readonly dedupeKey?: string | null;
  /** While a job with this key is still queued (not yet running), a new enqueue merges into it (Q10). */
  readonly coalesceKey?: string | null;
  readonly maxAttempts?: number;
  /** Earliest start, as a delay from the database's now. */
  readonly delayMs?: number;
}

export interface EnqueueResult {
  readonly job: Job;
  readonly created: boolean;
}

export interface JobListQuery {
  readonly state?: JobState;
  readonly kind?: string;
  readonly limit: number;
  /** Keyset cursor: the id of the last job of the previous page (newest first). */
  readonly after?: string;
}

/** A worker's hold on a claimed job; every write is conditional on it still being current. */
export interface JobLease {
  readonly id: string;
  readonly owner: string;
  readonly fence: number;
}

/**
 * The durable job queue. Enqueue runs inside the caller's transaction (so a record and its job commit together);
 * all lease arithmetic uses the database's clock, never a replica's. Lease-guarded calls return false when the
 * lease is no longer held (reaped and re-claimed elsewhere): the caller must stop before its next side effect.
 */
/**
 * The most rows one retention batch (JobQueue.pruneFinished, RegistryEventRepo.prune, TriggerLogRepo.prune) deletes:
 * one short transaction, so SQLite's write lock is never held long. A larger `limit` is capped to it.
 */
export const MAX_PRUNE_BATCH = 1_000;

export interface JobQueue {
  enqueue(input: EnqueueJob): Promise<EnqueueResult>;
  /** Claims the oldest runnable job whose serial key has no running job; null when there is none. */
  claim(owner: string, leaseMs: number, kinds?: readonly string[]): Promise<Job | null>;
  heartbeat(lease: JobLease, leaseMs: number): Promise<boolean>;
  complete(lease: JobLease, result: unknown): Promise<boolean>;
  /** Records a failed attempt: back to queued after `retryInMs` while attempts remain, else failed for good. */
  fail(lease: JobLease, error: string, retryInMs: number | null): Promise<boolean>;
  /** Gives the job back untouched (graceful shutdown): queued again, and the attempt is not counted. */
  release(lease: JobLease): Promise<boolean>;
  /** Requeues (or fails, when out of attempts) running jobs whose lease has expired. Returns how many. */
  reapExpired(): Promise<number>;
  get(id: string): Promise<Job | null>;
  list(accountId: string, query: JobListQuery): Promise<Job[]>;
  countByState(): Promise<Record<JobState, number>>;
  /**
   * Retention (app/maintenance/prune-finished-jobs.ts): deletes up to `limit` finished jobs (succeeded, failed,
   * cancelled) of any account whose last update is before `before` (epoch ms), oldest first per account, in one
   * transaction; returns how many (`limit` is capped at MAX_PRUNE_BATCH, so the transaction stays short). Never a
   * queued or running job, nor a finished one that a queued or running deploy record, or a pending or running
   * protection operation, still names (the orphan sweep reads it). `updated_at` is the database's clock and `before` a
   * replica's: a skew of seconds does not matter at a retention of days.
   */
  pruneFinished(before: number, limit: number): Promise<number>;
}
