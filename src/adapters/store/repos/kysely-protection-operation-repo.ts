import { sql, type ExpressionBuilder } from 'kysely';
import type { OperationChange, ProtectionOperationRepo } from '../../../app/ports/hook-store.ts';
import type { Page, PageQuery } from '../../../app/ports/store.ts';
import type { HookStateDetail, OperationState, ProtectionOperation, VolumeSnapshotRef } from '../../../domain/protection-operation.ts';
import { decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import type { Database, ProtectionOperationRow, ProtectionOperationsTable } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import { after, json, parsed } from './hook-repo-support.ts';
import { affected, type RepoContext } from './repo-context.ts';

const ACTIVE_STATES: readonly OperationState[] = ['pending', 'running'];

export class KyselyProtectionOperationRepo implements ProtectionOperationRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(op: ProtectionOperation, jobId: string | null = null): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      await this.#ctx.db.insertInto('protection_operations').values(toRow(op, jobId)).execute();
    }, {
      unique: (primaryKey) =>
        primaryKey
          ? { code: 'ID_TAKEN', detail: `Operation ${op.id} already exists.` }
          : { code: 'NAME_TAKEN', detail: `Application ${op.applicationId} already has a snapshot named "${op.name}".` },
    });
  }

  get(accountId: string, id: string): Promise<ProtectionOperation | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('protection_operations').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toOperation(row) : null;
    });
  }

  async list(accountId: string, query: PageQuery & { readonly applicationId?: string }): Promise<Page<ProtectionOperation>> {
    const from = decodeCursor(query.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let select = this.#ctx.db.selectFrom('protection_operations').selectAll().where('account_id', '=', accountId);
      if (query.applicationId !== undefined) select = select.where('application_id', '=', query.applicationId);
      if (from) select = select.where(after(from));
      const rows = await select.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(fetchSize(query.limit)).execute();
      return toPage(rows, query.limit, toOperation);
    });
  }

  update(accountId: string, id: string, change: OperationChange, expect?: readonly OperationState[]): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const set: Partial<ProtectionOperationsTable> = { updated_at: change.updatedAt };
      if (change.state !== undefined) set.state = change.state;
      if (change.stateUnready !== undefined) set.state_unready = json(change.stateUnready);
      if (change.hookState !== undefined) set.hook_state = change.hookState;
      if (change.hookStateDetails !== undefined) set.hook_state_details = json(change.hookStateDetails);
      if (change.volumeSnapshots !== undefined) set.volume_snapshots = json(change.volumeSnapshots);
      if (change.startedAt !== undefined) set.started_at = change.startedAt;
      if (change.finishedAt !== undefined) set.finished_at = change.finishedAt;
      if (change.snapshotAt !== undefined) set.snapshot_at = change.snapshotAt;
      let query = this.#ctx.db.updateTable('protection_operations').set(set).where('account_id', '=', accountId).where('id', '=', id);
      if (expect !== undefined) query = query.where('state', 'in', [...expect]);
      return affected(await query.executeTakeFirst()) > 0;
    });
  }

  orphaned(limit: number): Promise<ProtectionOperation[]> {
    return guarded(this.#ctx.dialect, async () => {
      const rows = await this.#ctx.db.selectFrom('protection_operations as o').selectAll('o')
        .where('o.state', 'in', ACTIVE_STATES)
        .where('o.job_id', 'is not', null)
        .where((eb) => eb.not(eb.exists(liveJob(eb))))
        .orderBy('o.created_at').orderBy('o.id')
        .limit(Math.max(1, Math.trunc(limit)))
        .execute();
      return rows.map(toOperation);
    });
  }

  countActive(): Promise<number> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('protection_operations').select((eb) => eb.fn.countAll<number>().as('count'))
        .where('state', 'in', ACTIVE_STATES).executeTakeFirstOrThrow();
      return Number(row.count);
    });
  }
}

function liveJob(eb: ExpressionBuilder<Database & { o: ProtectionOperationRow }, 'o'>) {
  return eb.selectFrom('jobs as j').select(sql.lit(1).as('one'))
    .whereRef('j.id', '=', 'o.job_id')
    .where('j.state', 'in', ['queued', 'running']);
}

function toRow(op: ProtectionOperation, jobId: string | null): ProtectionOperationRow {
  return {
    id: op.id,
    account_id: op.accountId,
    application_id: op.applicationId,
    action: op.action,
    name: op.name,
    state: op.state,
    state_unready: json(op.stateUnready),
    hook_state: op.hookState,
    hook_state_details: json(op.hookStateDetails),
    volume_snapshots: json(op.volumeSnapshots),
    schema_version: op.schemaVersion,
    created_by: op.createdBy,
    created_at: op.createdAt,
    started_at: op.startedAt,
    finished_at: op.finishedAt,
    snapshot_at: op.snapshotAt,
    updated_at: op.updatedAt,
    job_id: jobId,
  };
}

function toOperation(row: ProtectionOperationRow): ProtectionOperation {
  return {
    id: row.id,
    accountId: row.account_id,
    applicationId: row.application_id,
    action: 'snapshot',
    name: row.name,
    state: row.state as OperationState,
    stateUnready: parsed<string[]>(row.state_unready),
    hookState: row.hook_state as ProtectionOperation['hookState'],
    hookStateDetails: parsed<HookStateDetail[]>(row.hook_state_details),
    volumeSnapshots: parsed<VolumeSnapshotRef[]>(row.volume_snapshots),
    schemaVersion: row.schema_version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    snapshotAt: row.snapshot_at,
    updatedAt: row.updated_at,
  };
}
