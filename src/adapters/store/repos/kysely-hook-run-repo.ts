import type { HookRunFinish, HookRunOwner, HookRunRepo } from '../../../app/ports/hook-store.ts';
import type { Page, PageQuery } from '../../../app/ports/store.ts';
import { AppError, invalid } from '../../../domain/errors.ts';
import type { HookRun, HookRunState } from '../../../domain/hook-run.ts';
import { fetchSize } from '../page-cursor.ts';
import type { HookRunRow } from '../schema.ts';
import { guarded, storeError } from '../store-errors.ts';
import { json, parsed } from './hook-repo-support.ts';
import { affected, type RepoContext } from './repo-context.ts';

const SEQ_ATTEMPTS = 3;

export class KyselyHookRunRepo implements HookRunRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /**
   * seq = 1 + the highest seq of the owner. The runs of one owner are written by one job at a time (its serial
   * key); the partial unique index on (owner, seq) turns a concurrent writer into a retry, never a duplicate.
   */
  async insert(run: Omit<HookRun, 'seq'>): Promise<HookRun> {
    const owner = ownerColumn(run);
    for (let attempt = 1; ; attempt++) {
      try {
        const row = await this.#ctx.db.selectFrom('hook_runs').select((eb) => eb.fn.max('seq').as('seq'))
          .where(owner.column, '=', owner.id).executeTakeFirst();
        const stored: HookRun = { ...run, seq: Number(row?.seq ?? 0) + 1 };
        await this.#ctx.db.insertInto('hook_runs').values(toRow(stored)).execute();
        return stored;
      } catch (error) {
        const failure = this.#ctx.dialect.classify(error);
        const seqTaken = failure.type === 'unique' && !failure.primaryKey;
        if (seqTaken && attempt < SEQ_ATTEMPTS) continue;
        throw storeError(error, this.#ctx.dialect, {
          unique: (primaryKey) => ({ code: primaryKey ? 'ID_TAKEN' : 'DEPLOY_IN_PROGRESS', detail: primaryKey ? `Hook run ${run.id} already exists.` : 'Another writer is recording hook runs of the same action.' }),
        });
      }
    }
  }

  finish(accountId: string, id: string, finish: HookRunFinish): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.updateTable('hook_runs').set({
        state: finish.state,
        exit_code: finish.exitCode,
        message: finish.message,
        stdout_tail: finish.stdoutTail,
        stderr_tail: finish.stderrTail,
        finished_at: finish.finishedAt,
        duration_ms: finish.durationMs,
      }).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      if (affected(result) === 0) throw new AppError('RESOURCE_NOT_FOUND', `Hook run ${id} does not exist.`);
    });
  }

  get(accountId: string, id: string): Promise<HookRun | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('hook_runs').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toHookRun(row) : null;
    });
  }

  async listFor(accountId: string, owner: HookRunOwner, page: PageQuery): Promise<Page<HookRun>> {
    const afterSeq = decodeSeqCursor(page.cursor);
    const size = fetchSize(page.limit) - 1;
    return guarded(this.#ctx.dialect, async () => {
      const column = ownerOf(owner);
      let query = this.#ctx.db.selectFrom('hook_runs').selectAll().where('account_id', '=', accountId).where(column.column, '=', column.id);
      if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
      const rows = await query.orderBy('seq', 'asc').limit(size + 1).execute();
      const items = rows.slice(0, size).map(toHookRun);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > size && last ? encodeSeqCursor(last.seq) : null };
    });
  }

  allFor(accountId: string, owner: HookRunOwner): Promise<HookRun[]> {
    return guarded(this.#ctx.dialect, async () => {
      const column = ownerOf(owner);
      const rows = await this.#ctx.db.selectFrom('hook_runs').selectAll().where('account_id', '=', accountId)
        .where(column.column, '=', column.id).orderBy('seq', 'asc').execute();
      return rows.map(toHookRun);
    });
  }
}

function ownerColumn(run: Pick<HookRun, 'recordId' | 'operationId'>): { column: 'record_id' | 'operation_id'; id: string } {
  if (run.recordId !== null) return { column: 'record_id', id: run.recordId };
  if (run.operationId !== null) return { column: 'operation_id', id: run.operationId };
  throw new AppError('INTERNAL', 'A hook run needs a record or an operation.');
}

function ownerOf(owner: HookRunOwner): { column: 'record_id' | 'operation_id'; id: string } {
  return ownerColumn({ recordId: owner.recordId ?? null, operationId: owner.operationId ?? null });
}

function encodeSeqCursor(seq: number): string {
  return Buffer.from(JSON.stringify([seq])).toString('base64url');
}

function decodeSeqCursor(cursor: string | null | undefined): number | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isSafeInteger(value[0])) return value[0] as number;
  } catch {
    // not JSON: refused below
  }
  throw invalid('The page cursor is not valid.', [{ pointer: '/query/cursor', detail: 'not a cursor from this API' }]);
}

function toRow(r: HookRun): HookRunRow {
  return {
    id: r.id,
    account_id: r.accountId,
    record_id: r.recordId,
    operation_id: r.operationId,
    seq: r.seq,
    execution_hook_id: r.executionHookId,
    hook_name: r.hookName,
    hook_type: r.hookType,
    application_id: r.applicationId,
    action: r.action,
    stage: r.stage,
    failure_mode: r.failureMode,
    arguments: json(r.arguments),
    namespace: r.namespace,
    pod_name: r.podName,
    container_name: r.containerName,
    container_image: r.containerImage,
    state: r.state,
    exit_code: r.exitCode,
    message: r.message,
    stdout_tail: r.stdoutTail,
    stderr_tail: r.stderrTail,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
    duration_ms: r.durationMs,
    created_at: r.createdAt,
  };
}

function toHookRun(row: HookRunRow): HookRun {
  return {
    id: row.id,
    accountId: row.account_id,
    recordId: row.record_id,
    operationId: row.operation_id,
    seq: row.seq,
    executionHookId: row.execution_hook_id,
    hookName: row.hook_name,
    hookType: row.hook_type as HookRun['hookType'],
    applicationId: row.application_id,
    action: row.action,
    stage: row.stage as HookRun['stage'],
    failureMode: row.failure_mode as HookRun['failureMode'],
    arguments: parsed<string[]>(row.arguments),
    namespace: row.namespace,
    podName: row.pod_name,
    containerName: row.container_name,
    containerImage: row.container_image,
    state: row.state as HookRunState,
    exitCode: row.exit_code,
    message: row.message,
    stdoutTail: row.stdout_tail,
    stderrTail: row.stderr_tail,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    createdAt: row.created_at,
  };
}
