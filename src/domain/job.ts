/**
 * A durable unit of work. Jobs are written in the same transaction as the record that asked for them and are
 * run at least once by a worker holding a lease; `fence` increases on every claim so a worker whose lease was
 * taken over can tell (see protocols-reliability.md Q1–Q12).
 */
export const JobState = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
} as const;
export type JobState = (typeof JobState)[keyof typeof JobState];
export const JOB_STATES: readonly JobState[] = Object.values(JobState);

export interface Job {
  readonly id: string;
  readonly accountId: string;
  /** Selects the handler, e.g. `trigger.redeploy`. */
  readonly kind: string;
  /** At most one job per key runs at a time, across all replicas (`cluster/namespace/kind/name` for workloads). */
  readonly serialKey: string | null;
  /** A second enqueue with the same key returns the existing job instead of creating one. */
  readonly dedupeKey: string | null;
  readonly payload: unknown;
  readonly state: JobState;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAfter: number;
  readonly leaseOwner: string | null;
  readonly leaseUntil: number | null;
  readonly fence: number;
  readonly lastError: string | null;
  readonly result: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Delay before attempt `attempt + 1`: exponential from `baseMs`, capped, with up to 20 % jitter (Q9). */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (1 - 0.2 * random()));
}
