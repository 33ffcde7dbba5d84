import type { Kysely, RawBuilder } from 'kysely';
import type { Database, JobRow } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

/** What a driver error means to us, decided by SQLSTATE / SQLite result code, never by message text. */
export type DbFailure =
  | { readonly type: 'unique'; readonly primaryKey: boolean }
  | { readonly type: 'foreign_key' }
  | { readonly type: 'unavailable' }
  | { readonly type: 'other' };

export interface ClaimRequest {
  readonly owner: string;
  readonly leaseMs: number;
  /** Only jobs of these kinds; undefined means any kind. */
  readonly kinds: readonly string[] | undefined;
}

/**
 * The few places where SQLite and PostgreSQL differ. Everything else (repositories, the job queue's other
 * statements) is one Kysely query shared by both.
 */
export interface SqlDialect {
  readonly name: DialectName;
  /** The database's clock in epoch ms: leases and run_after never use a replica's clock (Q4). */
  readonly nowMs: RawBuilder<number>;
  classify(error: unknown): DbFailure;
  /** Atomically moves the oldest runnable job to running (Q3); null when none can be claimed right now. */
  claimJob(db: Kysely<Database>, request: ClaimRequest): Promise<JobRow | null>;
  /**
   * Tells other processes that a job became claimable (Q8), tagged with the sender's `origin`; inside a transaction
   * it is delivered only if that commits. Absent where one process owns the database (SQLite, Q11).
   */
  notifyJobsReady?(db: Kysely<Database>, origin: string): Promise<void>;
}
