import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { EnqueueResult } from '../../../app/ports/job-queue.ts';
import { AppError } from '../../../domain/errors.ts';
import type { Database, NewJobRow } from '../schema.ts';
import { toJob } from './job-rows.ts';

/** A job row before the database stamps its times. */
export type NewJob = Omit<NewJobRow, 'run_after' | 'created_at' | 'updated_at'> & {
  readonly dedupe_key: string | null;
  readonly coalesce_key: string | null;
};

/**
 * Enqueue with permanent dedupe and coalescing (Q10), race-safe on both dialects without aborting the caller's
 * transaction: the insert uses ON CONFLICT DO NOTHING (no unique-violation error, which would abort a PostgreSQL
 * transaction), and on a conflict we look for the job that won: the one with our dedupe key, else the queued
 * job with our coalesce key, whose payload is replaced (latest wins). If that job left `queued` in between,
 * try again. A merged enqueue's own dedupe key is not recorded: the job keeps the key it was created with.
 */
export async function insertOrMerge(
  db: Kysely<Database>,
  now: RawBuilder<number>,
  makeRow: () => NewJob,
  delayMs: number,
): Promise<EnqueueResult> {
  for (let round = 0; round < 3; round++) {
    const row = makeRow();
    if (row.dedupe_key !== null) {
      const existing = await db.selectFrom('jobs').selectAll().where('dedupe_key', '=', row.dedupe_key).executeTakeFirst();
      if (existing) return { job: toJob(existing), created: false };
    }
    const inserted = await db
      .insertInto('jobs')
      .values({ ...row, run_after: sql<number>`${now} + ${delayMs}`, created_at: now, updated_at: now })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { job: toJob(inserted), created: true };
    if (row.coalesce_key !== null) {
      const merged = await db
        .updateTable('jobs')
        .set({ payload: row.payload, updated_at: now })
        .where('coalesce_key', '=', row.coalesce_key)
        .where('state', '=', 'queued')
        .returningAll()
        .executeTakeFirst();
      if (merged) return { job: toJob(merged), created: false };
    }
  }
  throw new AppError('INTERNAL', 'The job could not be enqueued: its keys kept conflicting.');
}
