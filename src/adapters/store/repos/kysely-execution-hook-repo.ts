import type { ExecutionHookListQuery, ExecutionHookRepo } from '../../../app/ports/hook-store.ts';
import type { Page } from '../../../app/ports/store.ts';
import type { MatchingCriterion } from '../../../domain/container-criteria.ts';
import { notFound } from '../../../domain/errors.ts';
import type { ExecutionHook, HookStage, MetadataLabel } from '../../../domain/execution-hook.ts';
import { decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import type { ExecutionHookRow } from '../schema.ts';
import { guarded, type ViolationMeaning } from '../store-errors.ts';
import { after, flag, json, parsed } from './hook-repo-support.ts';
import { affected, type RepoContext } from './repo-context.ts';

export class KyselyExecutionHookRepo implements ExecutionHookRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(hook: ExecutionHook): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      await this.#ctx.db.insertInto('execution_hooks').values(toRow(hook)).execute();
    }, writeMeaning(hook));
  }

  update(hook: ExecutionHook): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      const { id: _id, account_id: _account, created_at: _created, ...changes } = toRow(hook);
      const result = await this.#ctx.db.updateTable('execution_hooks').set(changes)
        .where('account_id', '=', hook.accountId).where('id', '=', hook.id).executeTakeFirst();
      if (affected(result) === 0) throw notFound('RESOURCE_NOT_FOUND', 'Execution hook', hook.id);
    }, writeMeaning(hook));
  }

  get(accountId: string, id: string): Promise<ExecutionHook | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('execution_hooks').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toExecutionHook(row) : null;
    });
  }

  async list(accountId: string, query: ExecutionHookListQuery): Promise<Page<ExecutionHook>> {
    const from = decodeCursor(query.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let select = this.#ctx.db.selectFrom('execution_hooks').selectAll().where('account_id', '=', accountId);
      if (query.applicationId !== undefined) select = select.where('application_id', '=', query.applicationId);
      if (from) select = select.where(after(from));
      const rows = await select.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(fetchSize(query.limit)).execute();
      return toPage(rows, query.limit, toExecutionHook);
    });
  }

  delete(accountId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.deleteFrom('execution_hooks')
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    });
  }

  countBySource(accountId: string, hookSourceId: string): Promise<number> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('execution_hooks').select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('account_id', '=', accountId).where('hook_source_id', '=', hookSourceId).executeTakeFirstOrThrow();
      return Number(row.n);
    });
  }

  forPhase(accountId: string, applicationId: string, action: string, stage: HookStage): Promise<ExecutionHook[]> {
    return guarded(this.#ctx.dialect, async () => {
      const rows = await this.#ctx.db.selectFrom('execution_hooks').selectAll()
        .where('account_id', '=', accountId).where('action', '=', action).where('stage', '=', stage)
        .where((eb) => eb.or([eb('application_id', '=', applicationId), eb('hook_type', '=', 'netapp')]))
        .orderBy('name', 'asc').orderBy('id', 'asc').execute();
      return rows.map(toExecutionHook);
    });
  }

  featureEnabled(accountId: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('execution_hook_settings').select('enabled')
        .where('account_id', '=', accountId).executeTakeFirst();
      return row === undefined || row.enabled === 1;
    });
  }

  setFeatureEnabled(accountId: string, enabled: boolean, at: number): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      await this.#ctx.db.insertInto('execution_hook_settings').values({ account_id: accountId, enabled: flag(enabled), updated_at: at })
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ enabled: flag(enabled), updated_at: at })).execute();
    }, { foreignKey: () => ({ code: 'ACCOUNT_NOT_FOUND', detail: `Account ${accountId} does not exist.` }) });
  }
}

function writeMeaning(hook: ExecutionHook): ViolationMeaning {
  return {
    unique: (primaryKey) =>
      primaryKey
        ? { code: 'ID_TAKEN', detail: `Execution hook ${hook.id} already exists.` }
        : { code: 'NAME_TAKEN', detail: `An execution hook named "${hook.name}" already exists.` },
    // The use cases check both first; this is the backstop when one is deleted concurrently.
    foreignKey: () => ({ code: 'RESOURCE_NOT_FOUND', detail: `Hook source ${hook.hookSourceId} or application ${hook.applicationId ?? '-'} does not exist.` }),
  };
}

function toRow(h: ExecutionHook): ExecutionHookRow {
  return {
    id: h.id,
    account_id: h.accountId,
    name: h.name,
    hook_type: h.hookType,
    application_id: h.applicationId,
    action: h.action,
    stage: h.stage,
    matching_criteria: json(h.matchingCriteria),
    hook_source_id: h.hookSourceId,
    arguments: json(h.arguments),
    enabled: flag(h.enabled),
    description: h.description,
    failure_mode: h.failureMode,
    timeout_ms: h.timeoutMs,
    schema_version: h.schemaVersion,
    labels: json(h.labels),
    created_by: h.createdBy,
    modified_by: h.modifiedBy,
    created_at: h.createdAt,
    updated_at: h.updatedAt,
  };
}

function toExecutionHook(row: ExecutionHookRow): ExecutionHook {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    hookType: row.hook_type as ExecutionHook['hookType'],
    applicationId: row.application_id,
    action: row.action as ExecutionHook['action'],
    stage: row.stage as ExecutionHook['stage'],
    matchingCriteria: parsed<MatchingCriterion[]>(row.matching_criteria),
    hookSourceId: row.hook_source_id,
    arguments: parsed<string[]>(row.arguments),
    enabled: row.enabled === 1,
    description: row.description,
    failureMode: row.failure_mode as ExecutionHook['failureMode'],
    timeoutMs: row.timeout_ms === null ? null : Number(row.timeout_ms),
    schemaVersion: row.schema_version as ExecutionHook['schemaVersion'],
    labels: parsed<MetadataLabel[]>(row.labels),
    createdBy: row.created_by,
    modifiedBy: row.modified_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
