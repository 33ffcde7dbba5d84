import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';
import type { JobReadiness } from './job-readiness.ts';

/** What every repository is built on: the store itself, or one open transaction of it. */
export interface RepoContext {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
  /** Told about writes that made a job claimable now; wakes workers once they are committed (job-readiness.ts). */
  readonly readiness: JobReadiness;
}

/**
 * Runs several statements atomically: inside the caller's transaction when `db` is one, else in a new transaction
 * (so a repository method is atomic on its own and joins a transaction it is called in).
 */
export function atomically<T>(db: Kysely<Database>, fn: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Kysely reports affected rows as bigint. */
export function affected(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number {
  return Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
}
