import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { DeployRecordRepo, Page, RecordListQuery } from '../../../app/ports/store.ts';
import type { DeployRecord, RecordChange, RecordState, StepProgress } from '../../../domain/deploy-record.ts';
import { invalid } from '../../../domain/errors.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import { PreparedQuery } from '../prepared-query.ts';
import type { Database, DeployRecordRow } from '../schema.ts';
import { guarded, type ViolationMeaning } from '../store-errors.ts';
import { toChange, toChangeRow, toRecord, toRecordRow } from './deploy-record-rows.ts';
import { affected, type RepoContext } from './repo-context.ts';

type RecordFilter = Omit<RecordListQuery, 'limit' | 'cursor' | 'offset'>;
type RecordChangeSet = Parameters<DeployRecordRepo['update']>[2];

const ACTIVE_STATES: readonly RecordState[] = ['queued', 'running'];

/** Every column, once: the compiler checks the list is complete, so the insert below writes whole rows. */
const RECORD_COLUMNS = Object.keys({
  id: true, account_id: true, type: true, origin: true, state: true, task_id: true, release_id: true, trigger_id: true,
  rollback_of_record_id: true, job_name: true, job_id: true, hook_action: true, params: true, plan: true, steps: true,
  deadline_at: true, error: true, stop_requested: true, created_by: true, created_at: true, started_at: true,
  finished_at: true, updated_at: true,
} satisfies Record<keyof DeployRecordRow, true>) as (keyof DeployRecordRow)[];

/** Every started record is one insert of the same shape: compiled once (prepared-query.ts), not per record. */
const INSERT_RECORD = new PreparedQuery<unknown[], never>(RECORD_COLUMNS.length, (db, ...values) =>
  db.insertInto('deploy_records').values(Object.fromEntries(RECORD_COLUMNS.map((column, i) => [column, values[i]])) as DeployRecordRow));

/** DeployRecordRepo over Kysely; the same statements serve SQLite and PostgreSQL. */
export class KyselyDeployRecordRepo implements DeployRecordRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(record: DeployRecord, jobId: string | null = null): Promise<void> {
    const run = async (): Promise<void> => {
      const row = toRecordRow(record, jobId);
      await INSERT_RECORD.execute(this.#ctx.db, this.#ctx.dialect.name, ...RECORD_COLUMNS.map((column) => row[column]));
    };
    return guarded(this.#ctx.dialect, run, insertMeaning(record));
  }

  get(accountId: string, id: string): Promise<DeployRecord | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('deploy_records').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : null;
    });
  }

  async list(accountId: string, query: RecordListQuery): Promise<Page<DeployRecord>> {
    const after = decodeCursor(query.cursor);
    const skip = offsetOf(query.offset);
    return guarded(this.#ctx.dialect, async () => {
      let q = filtered(this.#ctx.db.selectFrom('deploy_records').selectAll(), accountId, query);
      if (after) q = q.where(before(after));
      q = q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(query.limit));
      // The (scope…, created_at, id) page indexes keep the skipped rows an index walk, never a sort of the table.
      const rows = await (skip > 0 ? q.offset(skip) : q).execute();
      return toPage(rows, query.limit, toRecord);
    });
  }

  count(accountId: string, query: RecordFilter): Promise<number> {
    return guarded(this.#ctx.dialect, async () => {
      const base = this.#ctx.db.selectFrom('deploy_records').select((eb) => eb.fn.countAll<number>().as('count'));
      const row = await filtered(base, accountId, query).executeTakeFirstOrThrow();
      return Number(row.count);
    });
  }

  activeForTask(accountId: string, taskId: string): Promise<DeployRecord | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('deploy_records').selectAll()
        .where('account_id', '=', accountId).where('task_id', '=', taskId).where('state', 'in', ACTIVE_STATES)
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    });
  }

  nextReleaseId(accountId: string, taskId: string): Promise<number> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('deploy_records')
        .select((eb) => eb.fn.max('release_id').as('highest'))
        .where('account_id', '=', accountId).where('task_id', '=', taskId)
        .executeTakeFirst();
      return Number(row?.highest ?? 0) + 1;
    });
  }

  update(accountId: string, id: string, change: RecordChangeSet, expect?: readonly RecordState[]): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      let q = this.#ctx.db.updateTable('deploy_records').set(changeRow(change))
        .where('account_id', '=', accountId).where('id', '=', id);
      if (expect !== undefined) {
        if (expect.length === 0) return false;
        q = q.where('state', 'in', expect);
      }
      return affected(await q.executeTakeFirst()) > 0;
    });
  }

  addChange(change: RecordChange): Promise<void> {
    const run = async (): Promise<void> => {
      await this.#ctx.db.insertInto('deploy_record_changes').values(toChangeRow(change)).execute();
    };
    const { namespace, kind, name } = change.workload;
    return guarded(this.#ctx.dialect, run, {
      unique: () => ({ code: 'ID_TAKEN', detail: `Step ${change.stepIndex} of record ${change.recordId} already stored its change of ${kind} ${namespace}/${name}.` }),
      foreignKey: () => ({ code: 'RECORD_NOT_FOUND', detail: `Deploy record ${change.recordId} does not exist.` }),
    });
  }

  changes(recordId: string): Promise<RecordChange[]> {
    return guarded(this.#ctx.dialect, async () => {
      const rows = await this.#ctx.db.selectFrom('deploy_record_changes').selectAll().where('record_id', '=', recordId)
        .orderBy('at').orderBy('step_index').orderBy('namespace').orderBy('kind').orderBy('name').execute();
      return rows.map(toChange);
    });
  }

  orphaned(limit: number): Promise<DeployRecord[]> {
    return guarded(this.#ctx.dialect, async () => {
      const rows = await this.#ctx.db.selectFrom('deploy_records as r').selectAll('r')
        .where('r.state', 'in', ACTIVE_STATES)
        .where('r.job_id', 'is not', null)
        .where((eb) => eb.not(eb.exists(liveJob(eb))))
        .orderBy('r.created_at').orderBy('r.id')
        .limit(Math.max(1, Math.trunc(limit)))
        .execute();
      return rows.map(toRecord);
    });
  }

  countActive(): Promise<number> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('deploy_records').select((eb) => eb.fn.countAll<number>().as('count'))
        .where('state', 'in', ACTIVE_STATES).executeTakeFirstOrThrow();
      return Number(row.count);
    });
  }
}

function offsetOf(offset: number | undefined): number {
  if (offset === undefined) return 0;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw invalid('The page offset is not valid.', [{ pointer: '/query/offset', detail: 'must be a non-negative integer' }]);
  }
  return offset;
}

function liveJob(eb: ExpressionBuilder<Database & { r: DeployRecordRow }, 'r'>) {
  return eb.selectFrom('jobs as j').select(sql.lit(1).as('one'))
    .whereRef('j.id', '=', 'r.job_id')
    .where('j.state', 'in', ['queued', 'running']);
}

function filtered<O>(
  q: SelectQueryBuilder<Database, 'deploy_records', O>,
  accountId: string,
  f: RecordFilter,
): SelectQueryBuilder<Database, 'deploy_records', O> {
  let out = q.where('account_id', '=', accountId);
  if (f.taskId !== undefined) out = out.where('task_id', '=', f.taskId);
  if (f.triggerId !== undefined) out = out.where('trigger_id', '=', f.triggerId);
  if (f.state !== undefined) out = out.where('state', '=', f.state);
  if (f.type !== undefined) out = out.where('type', '=', f.type);
  if (f.from !== undefined) out = out.where('created_at', '>=', f.from);
  if (f.to !== undefined) out = out.where('created_at', '<=', f.to);
  return out;
}

function changeRow(change: RecordChangeSet) {
  return {
    updated_at: change.updatedAt,
    ...(change.state === undefined ? {} : { state: change.state }),
    ...(change.steps === undefined ? {} : { steps: JSON.stringify(change.steps satisfies readonly StepProgress[]) }),
    ...(change.error === undefined ? {} : { error: change.error }),
    ...(change.stopRequested === undefined ? {} : { stop_requested: change.stopRequested ? 1 : 0 }),
    ...(change.startedAt === undefined ? {} : { started_at: change.startedAt }),
    ...(change.finishedAt === undefined ? {} : { finished_at: change.finishedAt }),
  };
}

function insertMeaning(record: DeployRecord): ViolationMeaning {
  return {
    // Besides the primary key, the only unique indexes are per task: the active-record index and release ids. Both
    // fire only when another start of the same task won a race, which is what DEPLOY_IN_PROGRESS means.
    unique: (primaryKey) =>
      primaryKey
        ? { code: 'ID_TAKEN', detail: `Deploy record ${record.id} already exists.` }
        : { code: 'DEPLOY_IN_PROGRESS', detail: `Task ${record.taskId ?? ''} already has a deploy queued or running.` },
    foreignKey: () => ({ code: 'RECORD_NOT_FOUND', detail: `Deploy record ${record.rollbackOfRecordId ?? ''} does not exist.` }),
  };
}
