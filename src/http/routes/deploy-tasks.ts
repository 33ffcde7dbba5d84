/**
 * Native deploy-task API (/api/v1/deploy-tasks): the same tasks as the CodeArts surface, for the UI, the CLI and
 * scripts. Create, list, get, replace (PUT), change (PATCH), delete; who may start it (trigger-rule); start a run
 * (202 with the deploy record, which then runs in the worker) or roll back to one of its records; its records.
 * Encrypted parameter defaults are never returned (shown as ******; send ****** back to keep them).
 */
import { Type } from 'typebox';
import { createDeployTask } from '../../app/deploy-tasks/create-deploy-task.ts';
import { deleteDeployTask } from '../../app/deploy-tasks/delete-deploy-task.ts';
import { getDeployTask } from '../../app/deploy-tasks/get-deploy-task.ts';
import { listDeployTasks } from '../../app/deploy-tasks/list-deploy-tasks.ts';
import { setTriggerRule } from '../../app/deploy-tasks/set-trigger-rule.ts';
import { startDeployTask } from '../../app/deploy-tasks/start-deploy-task.ts';
import { updateDeployTask } from '../../app/deploy-tasks/update-deploy-task.ts';
import { DEFAULT_TASK_TIMEOUT_SECONDS, DEFAULT_TRIGGER_RULE } from '../../domain/deploy-task.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, PageQuery, Problem, pageOf } from '../schemas/common.ts';
import { RecordView, recordView } from '../schemas/deploy-records.ts';
import {
  CreateTaskBody, PatchTaskBody, ReplaceTaskBody, StartTaskBody, TaskIdParams, TaskListQuery, TaskView, TriggerRuleBody, TriggerRuleView,
  definitionFromWire, taskView, triggerRuleView,
} from '../schemas/deploy-tasks.ts';

export function deployTaskRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['deploy-tasks'];

  server.post('/api/v1/deploy-tasks', {
    config: { auth: 'write' },
    schema: {
      tags, summary: 'Create a deploy task: declared parameters, ordered steps, who may start it',
      body: CreateTaskBody, response: { 201: TaskView, 400: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const { projectId, projectName, ...definition } = request.body;
    const given = definitionFromWire(definition, null);
    const task = await createDeployTask(deps.app, {
      accountId: principal.accountId, projectId, projectName, createdBy: { tokenId: principal.tokenId, name: principal.tokenName },
      name: definition.name, description: given.description ?? '', state: given.state ?? 'Available', params: given.params ?? [],
      steps: given.steps ?? [], triggerRule: given.triggerRule ?? DEFAULT_TRIGGER_RULE, timeoutSeconds: given.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS,
    });
    return reply.code(201).send(taskView(task));
  });

  server.get('/api/v1/deploy-tasks', {
    config: { auth: 'read' },
    schema: { tags, summary: 'List deploy tasks, newest first', querystring: TaskListQuery, response: { 200: pageOf(TaskView), 400: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const { limit, cursor, projectId } = request.query;
    const page = await listDeployTasks(deps.app.store, principalOf(request).accountId, { limit: limit ?? 50, cursor: cursor ?? null, ...(projectId ? { projectId } : {}) });
    return { items: page.items.map(taskView), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/deploy-tasks/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get a deploy task', params: TaskIdParams, response: { 200: TaskView, 400: Problem, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => taskView(await getDeployTask(deps.app.store, principalOf(request).accountId, request.params.id)));

  server.put('/api/v1/deploy-tasks/:id', {
    config: { auth: 'write' },
    schema: {
      tags, summary: 'Replace a deploy task\'s definition (fields left out take their defaults; runs already started keep their plan)',
      params: TaskIdParams, body: ReplaceTaskBody, response: { 200: TaskView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const given = definitionFromWire(request.body, DEFAULT_TRIGGER_RULE);
    const task = await updateDeployTask(deps.app, {
      accountId: principalOf(request).accountId, taskId: request.params.id,
      change: {
        name: request.body.name, description: given.description ?? '', state: given.state ?? 'Available', params: given.params ?? [],
        steps: given.steps ?? [], triggerRule: given.triggerRule ?? DEFAULT_TRIGGER_RULE, timeoutSeconds: given.timeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS,
      },
    });
    return taskView(task);
  });

  server.patch('/api/v1/deploy-tasks/:id', {
    config: { auth: 'write' },
    schema: {
      tags, summary: 'Change some fields of a deploy task (e.g. {"state": "Available"})',
      params: TaskIdParams, body: PatchTaskBody, response: { 200: TaskView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    const current = await getDeployTask(deps.app.store, accountId, request.params.id);
    const change = definitionFromWire(request.body, current.triggerRule);
    return taskView(await updateDeployTask(deps.app, { accountId, taskId: current.id, change }));
  });

  server.delete('/api/v1/deploy-tasks/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Delete a deploy task (refused while it runs; its records stay)', params: TaskIdParams, response: { 204: Type.Null(), 404: Problem, 409: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    await deleteDeployTask(deps.app, principalOf(request).accountId, request.params.id);
    return reply.code(204).send(null);
  });

  server.get('/api/v1/deploy-tasks/:id/trigger-rule', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Who may start the task: "0" any deploy token, "1" pipeline tokens only', params: TaskIdParams, response: { 200: TriggerRuleView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => triggerRuleView((await getDeployTask(deps.app.store, principalOf(request).accountId, request.params.id)).triggerRule));

  server.put('/api/v1/deploy-tasks/:id/trigger-rule', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Set who may start the task', params: TaskIdParams, body: TriggerRuleBody, response: { 200: TriggerRuleView, 400: Problem, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const { triggerSource, artifactSourceSystem, artifactType } = request.body;
    const task = await setTriggerRule(deps.app, principalOf(request).accountId, request.params.id, {
      ...(triggerSource === undefined ? {} : { triggerSource }),
      ...(artifactSourceSystem === undefined ? {} : { artifactSourceSystem }),
      ...(artifactType === undefined ? {} : { artifactType }),
    });
    return triggerRuleView(task.triggerRule);
  });

  server.post('/api/v1/deploy-tasks/:id/start', {
    config: { auth: 'deploy' },
    // Every body field is optional, so a start without a body at all is `{}`.
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      tags, summary: 'Start a run with parameter values, or roll back to one of the task\'s records (recordId); answers with the queued record',
      params: TaskIdParams, body: StartTaskBody,
      response: { 202: RecordView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const params = Object.entries(request.body.params ?? {}).map(([key, value]) => ({ key, value, pointer: `/body/params/${escapePointer(key)}`, flat: true }));
    const { record } = await startDeployTask(deps.app, {
      accountId: principal.accountId, taskId: request.params.id, principal, params, paramsPointer: '/body/params', recordId: request.body.recordId,
    });
    return reply.code(202).send(recordView(record));
  });

  server.get('/api/v1/deploy-tasks/:id/records', {
    config: { auth: 'read' },
    schema: {
      tags, summary: 'The task\'s deploy records (runs and rollbacks), newest first',
      params: TaskIdParams, querystring: PageQuery, response: { 200: pageOf(RecordView), 400: Problem, 404: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    const task = await getDeployTask(deps.app.store, accountId, request.params.id);
    const page = await deps.app.store.records.list(accountId, { taskId: task.id, limit: request.query.limit ?? 50, cursor: request.query.cursor ?? null });
    return { items: page.items.map(recordView), nextCursor: page.nextCursor };
  });
}

/** RFC 6901: `~` and `/` in a member name. */
function escapePointer(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}
