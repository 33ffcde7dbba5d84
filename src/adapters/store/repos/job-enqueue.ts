import { sql, type Kysely } from 'kysely';
import type { EnqueueResult } from '../../../app/ports/job-queue.ts';
import { AppError } from '../../../domain/errors.ts';
import { PreparedQuery } from '../prepared-query.ts';
import type { Database, JobRow, NewJobRow } from '../schema.ts';
import type { DialectName, SqlDialect } from '../sql-dialect.ts';
import { toJob } from './job-rows.ts';

/** A job row before the database stamps its times. */
export type NewJob = Omit<NewJobRow, 'run_after' | 'created_at' | 'updated_at'> & {
  readonly dedupe_key: string | null;
  readonly coalesce_key: string | null;
};

// A literal, not a bound parameter: only then may the planner use the partial indexes on coalesce_key and
// dedupe_key (`where state = 'queued'`); with `state = ?` SQLite scans every job.
const QUEUED = sql.lit('queued');

type InsertArgs = [id: string, accountId: string, kind: string, serialKey: string | null, dedupeKey: string | null,
  coalesceKey: string | null, payload: string, maxAttempts: number, delayMs: number];

/**
 * Every enqueue runs these fixed-shape statements, so each is compiled once per dialect (prepared-query.ts): on the
 * intake paths (a trigger call, a webhook event) building and compiling them cost more than SQLite running them.
 * Per dialect because the database clock (`nowMs`) is dialect SQL.
 */
interface Statements {
  readonly byDedupeKey: PreparedQuery<[string], JobRow>;
  readonly insert: PreparedQuery<InsertArgs, JobRow>;
  readonly merge: PreparedQuery<[string, string], JobRow>;
}

const statements = new Map<DialectName, Statements>();

function statementsFor(dialect: SqlDialect): Statements {
  let found = statements.get(dialect.name);
  if (found === undefined) {
    const now = dialect.nowMs;
    found = {
      byDedupeKey: new PreparedQuery(1, (db, key: string) => db.selectFrom('jobs').selectAll().where('dedupe_key', '=', key)),
      insert: new PreparedQuery<InsertArgs, JobRow>(9, (db, id, accountId, kind, serialKey, dedupeKey, coalesceKey, payload, maxAttempts, delayMs) =>
        db.insertInto('jobs')
          .values({
            id, account_id: accountId, kind, state: 'queued', serial_key: serialKey, dedupe_key: dedupeKey, coalesce_key: coalesceKey,
            payload, max_attempts: maxAttempts, run_after: sql<number>`${now} + ${delayMs}`, created_at: now, updated_at: now,
          })
          .onConflict((oc) => oc.doNothing())
          .returningAll()),
      merge: new PreparedQuery<[string, string], JobRow>(2, (db, payload, coalesceKey) =>
        db.updateTable('jobs')
          .set({ payload, updated_at: now })
          .where('coalesce_key', '=', coalesceKey)
          .where('state', '=', QUEUED)
          .returningAll()),
    };
    statements.set(dialect.name, found);
  }
  return found;
}

/**
 * Enqueue with permanent dedupe and coalescing (Q10), race-safe on both dialects without aborting the caller's
 * transaction. With a coalesce key the queued job holding it is updated first (its payload replaced: latest wins)
 * — the common case for a key that is armed over and over (the record sweep), one statement and no new row.
 * Otherwise the insert uses ON CONFLICT DO NOTHING (no unique-violation error, which would abort a PostgreSQL
 * transaction); on a conflict we look again for the job that won: the one with our dedupe key, else the queued
 * job with our coalesce key. If that job left `queued` in between, try again. The merge's UPDATE takes the row
 * lock on PostgreSQL, so a worker cannot claim the job between our merge and our commit. A merged enqueue's own
 * dedupe key is not recorded: the job keeps the key it was created with.
 */
export async function insertOrMerge(
  db: Kysely<Database>,
  dialect: SqlDialect,
  makeRow: () => NewJob,
  delayMs: number,
): Promise<EnqueueResult> {
  const { byDedupeKey, insert, merge } = statementsFor(dialect);
  for (let round = 0; round < 3; round++) {
    const row = makeRow();
    if (row.dedupe_key !== null) {
      const [existing] = await byDedupeKey.execute(db, dialect.name, row.dedupe_key);
      if (existing) return { job: toJob(existing), created: false };
    }
    if (row.coalesce_key !== null) {
      const [merged] = await merge.execute(db, dialect.name, row.payload, row.coalesce_key);
      if (merged) return { job: toJob(merged), created: false };
    }
    const [inserted] = await insert.execute(db, dialect.name, row.id, row.account_id, row.kind, row.serial_key ?? null, row.dedupe_key,
      row.coalesce_key, row.payload, row.max_attempts, delayMs);
    if (inserted) return { job: toJob(inserted), created: true };
  }
  throw new AppError('INTERNAL', 'The job could not be enqueued: its keys kept conflicting.');
}
