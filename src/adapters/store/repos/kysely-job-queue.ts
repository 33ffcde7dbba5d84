import { sql, type Kysely, type UpdateObject } from 'kysely';
import type { EnqueueJob, EnqueueResult, JobLease, JobListQuery, JobQueue } from '../../../app/ports/job-queue.ts';
import { invalid } from '../../../domain/errors.ts';
import { JOB_STATES, type Job, type JobState } from '../../../domain/job.ts';
import { newJobId } from '../job-ids.ts';
import type { Database } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import { insertOrMerge, type NewJob } from './job-enqueue.ts';
import { nextAccountId, pruneBatchSize } from './prune-support.ts';
import { toJob, toJsonText } from './job-rows.ts';
import { affected, atomically, type RepoContext } from './repo-context.ts';

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The job queue of protocols-reliability.md §5.5 over Kysely. Every lease-guarded write matches
 * (id, lease_owner, fence, state='running'), so a worker whose lease was reaped and re-claimed gets `false`.
 */
export class KyselyJobQueue implements JobQueue {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  async enqueue(input: EnqueueJob): Promise<EnqueueResult> {
    checkEnqueue(input);
    const row = (): NewJob => ({
      id: newJobId(),
      account_id: input.accountId,
      kind: input.kind,
      state: 'queued',
      serial_key: input.serialKey ?? null,
      dedupe_key: input.dedupeKey ?? null,
      coalesce_key: input.coalesceKey ?? null,
      payload: toJsonText(input.payload),
      max_attempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    });
    return guarded(this.#ctx.dialect, async () => {
      const result = await atomically(this.#ctx.db, (db) => insertOrMerge(db, this.#ctx.dialect, row, input.delayMs ?? 0));
      // Due now (database clock: run_after and updated_at come from one statement's now): wake a worker once this
      // commits. A job delayed into the future wakes nobody; a poll finds it when it falls due.
      if (result.job.state === 'queued' && result.job.runAfter <= result.job.updatedAt) await this.#ctx.readiness.jobReady(this.#ctx.db);
      return result;
    });
  }

  claim(owner: string, leaseMs: number, kinds?: readonly string[]): Promise<Job | null> {
    if (kinds !== undefined && kinds.length === 0) return Promise.resolve(null);
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.dialect.claimJob(this.#ctx.db, { owner, leaseMs, kinds });
      return row ? toJob(row) : null;
    });
  }

  heartbeat(lease: JobLease, leaseMs: number): Promise<boolean> {
    const now = this.#ctx.dialect.nowMs;
    return this.#leased(lease, { lease_until: sql<number>`${now} + ${leaseMs}`, updated_at: now });
  }

  complete(lease: JobLease, result: unknown): Promise<boolean> {
    const now = this.#ctx.dialect.nowMs;
    return this.#leased(lease, { state: 'succeeded', result: toJsonText(result), lease_until: null, updated_at: now });
  }

  fail(lease: JobLease, error: string, retryInMs: number | null): Promise<boolean> {
    const now = this.#ctx.dialect.nowMs;
    if (retryInMs === null) {
      return this.#leased(lease, { state: 'failed', last_error: error, lease_until: null, updated_at: now });
    }
    // Back to queued while attempts remain (the claim counted this attempt), else failed for good.
    const retry = sql<boolean>`attempts < max_attempts`;
    return this.#leased(lease, {
      state: sql<string>`case when ${retry} then 'queued' else 'failed' end`,
      run_after: sql<number>`case when ${retry} then ${now} + ${Math.max(0, retryInMs)} else run_after end`,
      lease_owner: sql<string | null>`case when ${retry} then null else lease_owner end`,
      last_error: error,
      lease_until: null,
      updated_at: now,
    });
  }

  async release(lease: JobLease): Promise<boolean> {
    const now = this.#ctx.dialect.nowMs;
    const released = await this.#leased(lease, {
      state: 'queued',
      attempts: sql<number>`attempts - 1`,
      lease_owner: null,
      lease_until: null,
      run_after: now,
      updated_at: now,
    });
    // Given back at shutdown: another replica may take it at once rather than at its next poll.
    if (released) await this.#ctx.readiness.jobReady(this.#ctx.db);
    return released;
  }

  reapExpired(): Promise<number> {
    const now = this.#ctx.dialect.nowMs;
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db
        .updateTable('jobs')
        .set({
          state: sql<string>`case when attempts < max_attempts then 'queued' else 'failed' end`,
          last_error: 'lease expired: the worker stopped heartbeating',
          lease_owner: null,
          lease_until: null,
          run_after: now,
          updated_at: now,
        })
        // A literal, so the planner may use the partial index on lease_until (`where state = 'running'`).
        .where('state', '=', sql.lit('running'))
        .where('lease_until', '<', now)
        .executeTakeFirst();
      const requeued = affected(result);
      if (requeued > 0) await this.#ctx.readiness.jobReady(this.#ctx.db);
      return requeued;
    });
  }

  get(id: string): Promise<Job | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toJob(row) : null;
    });
  }

  list(accountId: string, query: JobListQuery): Promise<Job[]> {
    return guarded(this.#ctx.dialect, async () => {
      let q = this.#ctx.db.selectFrom('jobs').selectAll().where('account_id', '=', accountId);
      if (query.state !== undefined) q = q.where('state', '=', query.state);
      if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
      if (query.after !== undefined) {
        // Newest first; an unknown `after` id compares with NULL and yields an empty page.
        q = q.where(sql<boolean>`(created_at, id) < (select a.created_at, a.id from jobs a where a.id = ${query.after})`);
      }
      const limit = Math.min(500, Math.max(1, Math.trunc(query.limit)));
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toJob);
    });
  }

  countByState(): Promise<Record<JobState, number>> {
    return guarded(this.#ctx.dialect, async () => {
      const rows = await this.#ctx.db
        .selectFrom('jobs')
        .select((eb) => ['state', eb.fn.countAll<number>().as('count')])
        .groupBy('state')
        .execute();
      const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
      for (const row of rows) {
        if (row.state in counts) counts[row.state as JobState] = Number(row.count);
      }
      return counts;
    });
  }

  /**
   * One retention batch, in one transaction: per account (walked through the page index), finished jobs created and
   * last updated before `before`, oldest first, then one DELETE by id that repeats the state test. Why each kind of
   * job may go once it is finished and old (read with migrations 0001, 0002, 0007):
   * - queued and running jobs are never candidates: they still run, and their serial/coalesce keys still matter;
   * - `deploy_records.job_id` and `protection_operations.job_id` name the job that runs a record or snapshot; the
   *   orphan sweeps (records/record-sweep.ts, hooks/fail-orphaned-operations.ts) fail an active one whose job is no
   *   longer queued or running *or is gone*, so deleting is safe even then; we still keep a job an active record or
   *   operation names (both probes use the partial `*_active_idx` indexes), so its last error stays readable until
   *   the sweep, which runs every minute while any is active, has settled it;
   * - dedupe keys: a deleted job frees its key (app/maintenance/prune-finished-jobs.ts lists every kind that sets
   *   one and why none needs it for a day, the shortest retention).
   */
  pruneFinished(before: number, limit: number): Promise<number> {
    const size = pruneBatchSize(limit);
    return guarded(this.#ctx.dialect, () => atomically(this.#ctx.db, async (db) => {
      const ids: string[] = [];
      for (let account = await nextAccountId(db, 'jobs', null); account !== null && ids.length < size; account = await nextAccountId(db, 'jobs', account)) {
        const rows = await db.selectFrom('jobs as j').select('j.id')
          .where('j.account_id', '=', account)
          // created_at ≤ updated_at, so this range on the page index holds every candidate; updated_at decides.
          .where('j.created_at', '<', before)
          .where(sql<boolean>`j.state in ('succeeded', 'failed', 'cancelled')`)
          .where('j.updated_at', '<', before)
          // Literal state lists: only then may the planner use the partial indexes on the active rows' job_id.
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('deploy_records as r').select(sql.lit(1).as('one'))
            .whereRef('r.job_id', '=', 'j.id').where(sql<boolean>`r.state in ('queued', 'running')`))))
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('protection_operations as o').select(sql.lit(1).as('one'))
            .whereRef('o.job_id', '=', 'j.id').where(sql<boolean>`o.state in ('pending', 'running')`))))
          .orderBy('j.created_at').orderBy('j.id')
          .limit(size - ids.length)
          .execute();
        for (const row of rows) ids.push(row.id);
      }
      if (ids.length === 0) return 0;
      const result = await db.deleteFrom('jobs').where('id', 'in', ids)
        .where(sql<boolean>`state in ('succeeded', 'failed', 'cancelled')`).executeTakeFirst();
      return affected(result);
    }));
  }

  /** One UPDATE guarded by the lease; false when the lease is no longer held. */
  #leased(lease: JobLease, changes: UpdateObject<Database, 'jobs'>): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db
        .updateTable('jobs')
        .set(changes)
        .where('id', '=', lease.id)
        .where('lease_owner', '=', lease.owner)
        .where('fence', '=', lease.fence)
        .where('state', '=', 'running')
        .executeTakeFirst();
      return affected(result) > 0;
    });
  }

}

function checkEnqueue(input: EnqueueJob): void {
  const problems = [];
  if (input.kind === '') problems.push({ pointer: '/kind', detail: 'must not be empty' });
  if (input.maxAttempts !== undefined && !(Number.isInteger(input.maxAttempts) && input.maxAttempts >= 1)) {
    problems.push({ pointer: '/maxAttempts', detail: 'must be an integer ≥ 1' });
  }
  if (input.delayMs !== undefined && !(Number.isFinite(input.delayMs) && input.delayMs >= 0)) {
    problems.push({ pointer: '/delayMs', detail: 'must be ≥ 0' });
  }
  if (problems.length > 0) throw invalid('The job is not valid.', problems);
}
