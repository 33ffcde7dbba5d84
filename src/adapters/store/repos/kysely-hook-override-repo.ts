import type { HookOverrideRepo } from '../../../app/ports/hook-store.ts';
import type { Page, PageQuery } from '../../../app/ports/store.ts';
import { notFound } from '../../../domain/errors.ts';
import type { ExecutionHookOverride, MetadataLabel } from '../../../domain/execution-hook.ts';
import { decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import type { ExecutionHookOverrideRow } from '../schema.ts';
import { guarded, type ViolationMeaning } from '../store-errors.ts';
import { after, flag, json, parsed } from './hook-repo-support.ts';
import { affected, type RepoContext } from './repo-context.ts';

export class KyselyHookOverrideRepo implements HookOverrideRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(override: ExecutionHookOverride): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      await this.#ctx.db.insertInto('execution_hook_overrides').values(toRow(override)).execute();
    }, writeMeaning(override));
  }

  update(override: ExecutionHookOverride): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      const { id: _id, account_id: _account, application_id: _app, created_at: _created, ...changes } = toRow(override);
      const result = await this.#ctx.db.updateTable('execution_hook_overrides').set(changes)
        .where('account_id', '=', override.accountId).where('application_id', '=', override.applicationId)
        .where('id', '=', override.id).executeTakeFirst();
      if (affected(result) === 0) throw notFound('RESOURCE_NOT_FOUND', 'Execution hook override', override.id);
    }, writeMeaning(override));
  }

  get(accountId: string, applicationId: string, id: string): Promise<ExecutionHookOverride | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('execution_hook_overrides').selectAll()
        .where('account_id', '=', accountId).where('application_id', '=', applicationId).where('id', '=', id)
        .executeTakeFirst();
      return row ? toOverride(row) : null;
    });
  }

  async list(accountId: string, applicationId: string, page: PageQuery): Promise<Page<ExecutionHookOverride>> {
    const from = decodeCursor(page.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let query = this.#ctx.db.selectFrom('execution_hook_overrides').selectAll()
        .where('account_id', '=', accountId).where('application_id', '=', applicationId);
      if (from) query = query.where(after(from));
      const rows = await query.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(fetchSize(page.limit)).execute();
      return toPage(rows, page.limit, toOverride);
    });
  }

  forApplication(accountId: string, applicationId: string): Promise<ExecutionHookOverride[]> {
    return guarded(this.#ctx.dialect, async () => {
      const rows = await this.#ctx.db.selectFrom('execution_hook_overrides').selectAll()
        .where('account_id', '=', accountId).where('application_id', '=', applicationId)
        .orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
      return rows.map(toOverride);
    });
  }

  delete(accountId: string, applicationId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.deleteFrom('execution_hook_overrides')
        .where('account_id', '=', accountId).where('application_id', '=', applicationId).where('id', '=', id)
        .executeTakeFirst();
      return affected(result) > 0;
    });
  }
}

function writeMeaning(o: ExecutionHookOverride): ViolationMeaning {
  return {
    unique: (primaryKey) =>
      primaryKey
        ? { code: 'ID_TAKEN', detail: `Execution hook override ${o.id} already exists.` }
        : { code: 'NAME_TAKEN', detail: `Application ${o.applicationId} already has an override of execution hook ${o.executionHookId}.` },
    foreignKey: () => ({ code: 'RESOURCE_NOT_FOUND', detail: `Execution hook ${o.executionHookId} or application ${o.applicationId} does not exist.` }),
  };
}

function toRow(o: ExecutionHookOverride): ExecutionHookOverrideRow {
  return {
    id: o.id,
    account_id: o.accountId,
    application_id: o.applicationId,
    execution_hook_id: o.executionHookId,
    enabled: flag(o.enabled),
    labels: json(o.labels),
    created_by: o.createdBy,
    modified_by: o.modifiedBy,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

function toOverride(row: ExecutionHookOverrideRow): ExecutionHookOverride {
  return {
    id: row.id,
    accountId: row.account_id,
    applicationId: row.application_id,
    executionHookId: row.execution_hook_id,
    enabled: row.enabled === 1,
    labels: parsed<MetadataLabel[]>(row.labels),
    createdBy: row.created_by,
    modifiedBy: row.modified_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
