/**
 * CodeArts Deploy tasks (seed-apis.md §3.1 H-6…H-11): detail, list by project, create from a template, delete,
 * the trigger rule, UpdateAppInfo. A CodeArts "application" and its one deployment task are the same Capstan deploy
 * task, so UpdateAppInfo's `id` is the task id. Steps are edited on the native API (`/api/v1/deploy-tasks`); the
 * vendor's `operation_list` (host-based deployment actions) has no Kubernetes meaning and is refused.
 */
import { createTaskFromTemplate } from '../../../app/deploy-tasks/create-task-from-template.ts';
import { deleteDeployTask } from '../../../app/deploy-tasks/delete-deploy-task.ts';
import { getDeployTask, taskNotFound } from '../../../app/deploy-tasks/get-deploy-task.ts';
import { lastTaskRecord } from '../../../app/deploy-tasks/last-task-record.ts';
import { listProjectTasks } from '../../../app/deploy-tasks/list-project-tasks.ts';
import { updateDeployTask } from '../../../app/deploy-tasks/update-deploy-task.ts';
import type { ArtifactType, TriggerRule } from '../../../domain/deploy-task.ts';
import { AppError, invalid } from '../../../domain/errors.ts';
import type { Principal } from '../../../domain/principal.ts';
import { principalOf } from '../../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import {
  CODEARTS_ERRORS, DeleteAnswer, ListAnswer, ListQuery, ProjectPath, TaskInfo, TaskPath, TaskTriggerVo, TemplateTaskAnswer, TemplateTaskBody,
  TriggerQuery, UpdateAppAnswer, UpdateAppBody,
} from './schemas.ts';
import { taskInfo, taskTriggerVo } from './views.ts';

const tags = ['codearts'];
const config = { xAuthToken: true, signature: 'huawei-sdk' } as const;

/** Routes under `/v2/tasks` (H-6, H-8, H-9). */
export function codeArtsTaskRoutes(scope: Server, deps: HttpDeps): void {
  scope.get('/:task_id', {
    config: { ...config, auth: 'read' },
    schema: {
      tags, operationId: 'codeartsShowDeployTaskDetail', params: TaskPath,
      summary: 'ShowDeployTaskDetail (CodeArts): a deploy task with its last run and its steps', response: { 200: TaskInfo, ...CODEARTS_ERRORS },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const task = await getDeployTask(deps.app.store, principal.accountId, request.params.task_id);
    return taskInfo(task, await lastTaskRecord(deps.app.store, principal.accountId, task.id), principal, await tenantOf(deps, principal), deps.app.clock.now());
  });

  scope.post('/template-task', {
    config: { ...config, auth: 'write', audit: 'CodeArts CreateDeployTaskByTemplate' },
    schema: {
      tags, operationId: 'codeartsCreateDeployTaskByTemplate', body: TemplateTaskBody,
      summary: 'CreateDeployTaskByTemplate (CodeArts): a new task copying a template task (template_id), configs overriding its parameters',
      response: { 200: TemplateTaskAnswer, ...CODEARTS_ERRORS },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const body = request.body;
    const task = await createTaskFromTemplate(deps.app, {
      accountId: principal.accountId, projectId: body.project_id, projectName: body.project_name, templateId: body.template_id, name: body.task_name,
      configs: (body.configs ?? []).map((c) => ({
        name: c.name, type: c.type ?? 'text', value: c.value ?? '', description: c.description ?? '', static: c.static_status === 1,
        limits: (c.limits ?? []).map((l) => l.name),
      })),
      createdBy: { tokenId: principal.tokenId, name: principal.tokenName },
    });
    return { task_name: task.name, task_id: task.id };
  });

  scope.delete('/:task_id', {
    config: { ...config, auth: 'write', audit: 'CodeArts DeleteDeployTask' },
    schema: {
      tags, operationId: 'codeartsDeleteDeployTask', params: TaskPath,
      summary: 'DeleteDeployTask (CodeArts): delete a task (refused while it runs; its records stay)', response: { 200: DeleteAnswer, ...CODEARTS_ERRORS },
    },
  }, async (request) => {
    await deleteDeployTask(deps.app, principalOf(request).accountId, request.params.task_id);
    return { task_id: request.params.task_id };
  });
}

/** `/v2/{project_id}/tasks/list` (H-7). */
export function codeArtsProjectRoutes(scope: Server, deps: HttpDeps): void {
  scope.get('/v2/:project_id/tasks/list', {
    config: { ...config, auth: 'read' },
    schema: {
      tags, operationId: 'codeartsListDeployTasks', params: ProjectPath, querystring: ListQuery,
      summary: 'ListDeployTasks (CodeArts): a project\'s tasks, newest first, paged', response: { 200: ListAnswer, ...CODEARTS_ERRORS },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const { items, total } = await listProjectTasks(deps.app.store, principal.accountId, {
      projectId: request.params.project_id, page: request.query.page ?? 1, size: request.query.size ?? 10,
    });
    const tenant = await tenantOf(deps, principal);
    const now = deps.app.clock.now();
    return { total_num: total, result: items.map(({ task, last }) => taskInfo(task, last, principal, tenant, now)) };
  });
}

/** `/v2/task/trigger/detail` (H-10). */
export function codeArtsTriggerRoutes(scope: Server, deps: HttpDeps): void {
  scope.get('/trigger/detail', {
    config: { ...config, auth: 'read' },
    schema: {
      tags, operationId: 'codeartsShowTaskTrigger', querystring: TriggerQuery,
      summary: 'ShowTaskTrigger (CodeArts): who may start the task ("0" anyone, "1" pipelines only)', response: { 200: TaskTriggerVo, ...CODEARTS_ERRORS },
    },
  }, async (request) => taskTriggerVo(await getDeployTask(deps.app.store, principalOf(request).accountId, request.query.task_id)));
}

/** `/v1/applications` (H-11). */
export function codeArtsApplicationRoutes(scope: Server, deps: HttpDeps): void {
  scope.put('/', {
    config: { ...config, auth: 'write', audit: 'CodeArts UpdateAppInfo' },
    schema: {
      tags, operationId: 'codeartsUpdateAppInfo', body: UpdateAppBody,
      summary: 'UpdateAppInfo (CodeArts): rename, describe, draft/publish a task and set its trigger rule', response: { 200: UpdateAppAnswer, ...CODEARTS_ERRORS },
    },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    const body = request.body;
    const task = await getDeployTask(deps.app.store, accountId, body.id);
    if (task.projectId !== body.project_id) throw taskNotFound(body.id);
    for (const [i, arrange] of (body.arrange_infos ?? []).entries()) {
      if (arrange.id !== undefined && arrange.id !== task.id) {
        throw invalid(`arrange_infos[${i}].id must be the task's own id ${task.id}.`, [{ pointer: `/body/arrange_infos/${i}/id`, detail: `must be ${task.id}` }]);
      }
      if ((arrange.operation_list ?? []).length > 0) {
        throw new AppError('VALIDATION_FAILED', 'operation_list is not supported: edit a task\'s steps with PUT /api/v1/deploy-tasks/{id}.', {
          errors: [{ pointer: `/body/arrange_infos/${i}/operation_list`, detail: 'is not supported (steps are edited on the native API)' }],
        });
      }
    }
    const trigger = body.trigger;
    const triggerRule: TriggerRule | undefined = trigger === undefined ? undefined : {
      triggerSource: trigger.trigger_source ?? task.triggerRule.triggerSource,
      artifactSourceSystem: trigger.artifact_source_system === undefined ? task.triggerRule.artifactSourceSystem : trigger.artifact_source_system,
      artifactType: trigger.artifact_type === undefined ? task.triggerRule.artifactType : (trigger.artifact_type as ArtifactType | null),
    };
    const updated = await updateDeployTask(deps.app, {
      accountId, taskId: task.id,
      change: {
        name: body.name, state: body.is_draft ? 'Draft' : 'Available',
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(triggerRule === undefined ? {} : { triggerRule }),
      },
    });
    return { status: 'success' as const, result: { id: updated.id, name: updated.name, region: '', arrange_infos: [{ id: updated.id }] } };
  });
}

async function tenantOf(deps: HttpDeps, principal: Principal): Promise<{ readonly id: string; readonly name: string }> {
  const account = await deps.app.store.accounts.get(principal.accountId);
  return { id: principal.accountId, name: account?.name ?? '' };
}
