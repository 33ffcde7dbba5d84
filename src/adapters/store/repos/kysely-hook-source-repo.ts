import type { HookSourceRepo } from '../../../app/ports/hook-store.ts';
import type { Page, PageQuery } from '../../../app/ports/store.ts';
import { notFound } from '../../../domain/errors.ts';
import type { MetadataLabel } from '../../../domain/execution-hook.ts';
import type { HookSource } from '../../../domain/hook-source.ts';
import { decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import type { HookSourceRow } from '../schema.ts';
import { guarded, type ViolationMeaning } from '../store-errors.ts';
import { after, flag, json, parsed } from './hook-repo-support.ts';
import { affected, type RepoContext } from './repo-context.ts';

export class KyselyHookSourceRepo implements HookSourceRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(source: HookSource): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      await this.#ctx.db.insertInto('hook_sources').values(toRow(source)).execute();
    }, writeMeaning(source));
  }

  update(source: HookSource): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      const { id: _id, account_id: _account, created_at: _created, ...changes } = toRow(source);
      const result = await this.#ctx.db.updateTable('hook_sources').set(changes)
        .where('account_id', '=', source.accountId).where('id', '=', source.id).executeTakeFirst();
      if (affected(result) === 0) throw notFound('RESOURCE_NOT_FOUND', 'Hook source', source.id);
    }, writeMeaning(source));
  }

  get(accountId: string, id: string): Promise<HookSource | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('hook_sources').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toHookSource(row) : null;
    });
  }

  async list(accountId: string, page: PageQuery): Promise<Page<HookSource>> {
    const from = decodeCursor(page.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let query = this.#ctx.db.selectFrom('hook_sources').selectAll().where('account_id', '=', accountId);
      if (from) query = query.where(after(from));
      const rows = await query.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(fetchSize(page.limit)).execute();
      return toPage(rows, page.limit, toHookSource);
    });
  }

  delete(accountId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.deleteFrom('hook_sources')
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    }, {
      // A hook that still runs this source holds it (execution_hooks_hook_source_fkey).
      foreignKey: () => ({ code: 'RESOURCE_IN_USE', detail: `Hook source ${id} is referenced by an execution hook.` }),
    });
  }
}

function writeMeaning(source: HookSource): ViolationMeaning {
  return {
    unique: (primaryKey) =>
      primaryKey
        ? { code: 'ID_TAKEN', detail: `Hook source ${source.id} already exists.` }
        : { code: 'NAME_TAKEN', detail: `A hook source named "${source.name}" already exists.` },
    foreignKey: () => ({ code: 'ACCOUNT_NOT_FOUND', detail: `Account ${source.accountId} does not exist.` }),
  };
}

function toRow(s: HookSource): HookSourceRow {
  return {
    id: s.id,
    account_id: s.accountId,
    name: s.name,
    source_type: s.sourceType,
    source: s.source,
    source_md5: s.sourceMd5,
    private: flag(s.private),
    preloaded: flag(s.preloaded),
    description: s.description,
    labels: json(s.labels),
    created_by: s.createdBy,
    modified_by: s.modifiedBy,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

function toHookSource(row: HookSourceRow): HookSource {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    sourceType: row.source_type as HookSource['sourceType'],
    source: row.source,
    sourceMd5: row.source_md5,
    private: row.private === 1,
    preloaded: row.preloaded === 1,
    description: row.description,
    labels: parsed<MetadataLabel[]>(row.labels),
    createdBy: row.created_by,
    modifiedBy: row.modified_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
