import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, JobRow } from '../schema.ts';
import type { ClaimRequest } from '../sql-dialect.ts';

/**
 * The claim statement of protocols-reliability.md Q3, shared by both dialects:
 * `UPDATE jobs SET state='running', … WHERE id = (SELECT the oldest runnable job LIMIT 1) RETURNING *`.
 * A job is runnable when it is queued, due, no job of its serial key is running and no older job of its serial
 * key is still queued (strict FIFO per key; jobs without a key never wait for each other).
 * PostgreSQL adds FOR UPDATE SKIP LOCKED so concurrent claimers pass over each other's candidates; the NOT EXISTS
 * guards are racy under READ COMMITTED, and the partial unique index on running serial keys is the real lock.
 * The claim clears coalesce_key: only never-started jobs absorb new enqueues (Q10), and a job requeued by a
 * retry, release or the reaper must not collide with a newer queued job of the same coalesce key.
 */
// Literals, not bound parameters: only then may the planner use the partial indexes on queued and running jobs
// (`where state = 'queued'`, `where state = 'running'`); with `state = ?` SQLite scans every job, per candidate.
const QUEUED = sql.lit('queued');
const RUNNING = sql.lit('running');

export async function runClaim(
  db: Kysely<Database>,
  now: RawBuilder<number>,
  request: ClaimRequest,
  skipLocked: boolean,
): Promise<JobRow | null> {
  const { owner, leaseMs, kinds } = request;
  let candidate = db
    .selectFrom('jobs as t')
    .select('t.id')
    .where('t.state', '=', QUEUED)
    .where('t.run_after', '<=', now)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('jobs as r').select('r.id').whereRef('r.serial_key', '=', 't.serial_key').where('r.state', '=', RUNNING))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('jobs as o')
            .select('o.id')
            .whereRef('o.serial_key', '=', 't.serial_key')
            .where('o.state', '=', QUEUED)
            .where((eb) => eb(eb.refTuple('o.created_at', 'o.id'), '<', eb.refTuple('t.created_at', 't.id'))),
        ),
      ),
    )
    .orderBy('t.created_at')
    .orderBy('t.id')
    .limit(1);
  if (kinds !== undefined) candidate = candidate.where('t.kind', 'in', kinds);
  if (skipLocked) candidate = candidate.forUpdate().skipLocked();

  const row = await db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      lease_owner: owner,
      lease_until: sql<number>`${now} + ${leaseMs}`,
      attempts: eb('attempts', '+', 1),
      fence: eb('fence', '+', 1),
      coalesce_key: null,
      updated_at: now,
    }))
    .where('id', '=', candidate)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}
