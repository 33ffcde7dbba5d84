import type { DeployTaskListQuery, DeployTaskRepo } from '../../../app/ports/deploy-task-repo.ts';
import type { Page } from '../../../app/ports/store.ts';
import type { ArtifactType, DeployTask, TaskState, TriggerSource } from '../../../domain/deploy-task.ts';
import { AppError } from '../../../domain/errors.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import type { DeployTaskRow } from '../schema.ts';
import { guarded, type ViolationMeaning } from '../store-errors.ts';
import { affected, type RepoContext } from './repo-context.ts';

/** DeployTaskRepo over Kysely; the same statements serve SQLite and PostgreSQL. */
export class KyselyDeployTaskRepo implements DeployTaskRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(task: DeployTask): Promise<void> {
    const run = async (): Promise<void> => {
      await this.#ctx.db.insertInto('deploy_tasks').values(toRow(task)).execute();
    };
    return guarded(this.#ctx.dialect, run, writeMeaning(task));
  }

  update(task: DeployTask): Promise<void> {
    const run = async (): Promise<void> => {
      const { id: _id, account_id: _account, created_at: _created, ...changes } = toRow(task);
      const result = await this.#ctx.db.updateTable('deploy_tasks').set(changes)
        .where('account_id', '=', task.accountId).where('id', '=', task.id).executeTakeFirst();
      if (affected(result) === 0) throw new AppError('RESOURCE_NOT_FOUND', `Deploy task ${task.id} does not exist.`);
    };
    return guarded(this.#ctx.dialect, run, writeMeaning(task));
  }

  get(accountId: string, id: string): Promise<DeployTask | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('deploy_tasks').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toTask(row) : null;
    });
  }

  async list(accountId: string, query: DeployTaskListQuery): Promise<Page<DeployTask>> {
    const after = decodeCursor(query.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let q = this.#ctx.db.selectFrom('deploy_tasks').selectAll().where('account_id', '=', accountId);
      if (query.projectId !== undefined) q = q.where('project_id', '=', query.projectId);
      if (after) q = q.where(before(after));
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(query.limit)).execute();
      return toPage(rows, query.limit, toTask);
    });
  }

  listByPosition(
    accountId: string,
    query: { readonly projectId: string; readonly offset: number; readonly limit: number },
  ): Promise<{ readonly items: DeployTask[]; readonly total: number }> {
    return guarded(this.#ctx.dialect, async () => {
      const scope = this.#ctx.db.selectFrom('deploy_tasks').where('account_id', '=', accountId).where('project_id', '=', query.projectId);
      const counted = await scope.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
      const rows = await scope.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc')
        .limit(Math.max(1, Math.trunc(query.limit))).offset(Math.max(0, Math.trunc(query.offset))).execute();
      return { items: rows.map(toTask), total: Number(counted.count) };
    });
  }

  delete(accountId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.deleteFrom('deploy_tasks').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    });
  }
}

function writeMeaning(task: DeployTask): ViolationMeaning {
  return {
    unique: (primaryKey) =>
      primaryKey
        ? { code: 'ID_TAKEN', detail: `Deploy task ${task.id} already exists.` }
        : { code: 'NAME_TAKEN', detail: `The project already has a deploy task named ${task.name}.` },
  };
}

function toRow(task: DeployTask): DeployTaskRow {
  return {
    id: task.id,
    account_id: task.accountId,
    project_id: task.projectId,
    project_name: task.projectName,
    name: task.name,
    description: task.description,
    state: task.state,
    template_id: task.templateId,
    params: JSON.stringify(task.params),
    steps: JSON.stringify(task.steps),
    trigger_source: task.triggerRule.triggerSource,
    artifact_source_system: task.triggerRule.artifactSourceSystem,
    artifact_type: task.triggerRule.artifactType,
    timeout_seconds: task.timeoutSeconds,
    created_by: task.createdBy === null ? null : JSON.stringify(task.createdBy),
    created_at: task.createdAt,
    updated_at: task.updatedAt,
  };
}

/** JSON columns were written by toRow, so they are parsed without re-validation; check constraints guard the enums. */
function toTask(row: DeployTaskRow): DeployTask {
  return {
    id: row.id,
    accountId: row.account_id,
    projectId: row.project_id,
    projectName: row.project_name,
    name: row.name,
    description: row.description,
    state: row.state as TaskState,
    templateId: row.template_id,
    params: JSON.parse(row.params),
    steps: JSON.parse(row.steps),
    triggerRule: {
      triggerSource: row.trigger_source as TriggerSource,
      artifactSourceSystem: row.artifact_source_system,
      artifactType: row.artifact_type as ArtifactType | null,
    },
    timeoutSeconds: Number(row.timeout_seconds),
    createdBy: row.created_by === null ? null : JSON.parse(row.created_by),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
