/**
 * CodeArts Deploy runs (seed-apis.md §3.1 H-1…H-5): start (or roll back), poll, stop, history by date window,
 * execution parameters. Starting needs the `deploy` permission, stopping too; the rest `read`.
 */
import { getTaskRecord } from '../../../app/deploy-tasks/get-task-record.ts';
import { getTaskRunState } from '../../../app/deploy-tasks/get-task-run-state.ts';
import { listTaskHistory } from '../../../app/deploy-tasks/list-task-history.ts';
import { startDeployTask } from '../../../app/deploy-tasks/start-deploy-task.ts';
import { stopTaskRecord } from '../../../app/deploy-tasks/stop-task-record.ts';
import { principalOf } from '../../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import { historyWindow } from './history-window.ts';
import {
  CODEARTS_ERRORS, ConfigInfo, HistoryAnswer, HistoryQuery, ParamsQuery, ProjectTaskPath, StartAnswer, StartBody, StateAnswer, StateQuery,
  StopAnswer, TaskPath, TaskRecordPath,
} from './schemas.ts';
import { executionParams, historyRow, stateInfo } from './views.ts';
import { Type } from 'typebox';

const tags = ['codearts'];
const config = { xAuthToken: true, signature: 'huawei-sdk' } as const;

/** Routes under `/v2/tasks/{task_id}` (H-1, H-2, H-3). */
export function codeArtsRunRoutes(scope: Server, deps: HttpDeps): void {
  scope.post('/:task_id/start', {
    config: { ...config, auth: 'deploy', audit: 'CodeArts StartDeployTask' },
    // Every body field is optional, so a start without a body at all is `{}`.
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      tags, operationId: 'codeartsStartDeployTask', params: TaskPath, body: StartBody,
      summary: 'StartDeployTask (CodeArts): run a task with parameters, or roll back to one of its records (record_id)',
      response: { 200: StartAnswer, ...CODEARTS_ERRORS },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const body = request.body;
    const params = (body.params ?? []).map((p, i) => ({ key: p.key, value: p.value ?? '', type: p.type, pointer: `/body/params/${i}` }));
    const { record } = await startDeployTask(deps.app, {
      accountId: principal.accountId, taskId: request.params.task_id, principal, params, paramsPointer: '/body/params',
      recordId: body.record_id, triggerSource: body.trigger_source,
    });
    return { id: record.id, task_id: request.params.task_id, job_name: record.jobName, app_component_list: [] };
  });

  scope.get('/:task_id/state', {
    config: { ...config, auth: 'read' },
    schema: {
      tags, operationId: 'codeartsShowDeployStatus', params: TaskPath, querystring: StateQuery,
      summary: 'ShowDeployStatus (CodeArts): the state of a record of the task (the latest when record_id is left out)',
      response: { 200: StateAnswer, ...CODEARTS_ERRORS },
    },
  }, async (request) => {
    const { task, record } = await getTaskRunState(deps.app.store, principalOf(request).accountId, request.params.task_id, request.query.record_id ?? null);
    return { status: 'success' as const, result: stateInfo(task, record, request.query.step_state ?? true, deps.app.clock.now()) };
  });

  scope.put('/:task_id/records/:record_id/stop', {
    config: { ...config, auth: 'deploy', audit: 'CodeArts StopDeployTaskRecordV2' },
    schema: {
      tags, operationId: 'codeartsStopDeployTaskRecordV2', params: TaskRecordPath,
      summary: 'StopDeployTaskRecordV2 (CodeArts): stop a queued or running record (between steps, or within a second of a rollout)',
      response: { 200: StopAnswer, ...CODEARTS_ERRORS },
    },
  }, async (request) => {
    const { task_id, record_id } = request.params;
    const record = await stopTaskRecord(deps.app, principalOf(request).accountId, task_id, record_id);
    return { status: 'success' as const, result: { id: record.id, task_id } };
  });
}

/** `/v2/{project_id}/task/{id}/history` (H-4). */
export function codeArtsHistoryRoutes(scope: Server, deps: HttpDeps): void {
  scope.get('/v2/:project_id/task/:id/history', {
    config: { ...config, auth: 'read' },
    schema: {
      tags, operationId: 'codeartsListDeployTaskHistoryByDate', params: ProjectTaskPath, querystring: HistoryQuery,
      summary: 'ListDeployTaskHistoryByDate (CodeArts): a task\'s records in a window of at most 30 days, newest first, paged',
      response: { 200: HistoryAnswer, ...CODEARTS_ERRORS },
    },
  }, async (request) => {
    const { page, size, start_date, end_date } = request.query;
    const { from, to } = historyWindow(start_date, end_date);
    const { items, total } = await listTaskHistory(deps.app.store, {
      accountId: principalOf(request).accountId, projectId: request.params.project_id, taskId: request.params.id,
      from, to, offset: (page - 1) * size, limit: size,
    });
    const now = deps.app.clock.now();
    return { total_num: total, result: items.map((r) => historyRow(r, now)) };
  });
}

/** `/v2/history/tasks/{task_id}/params` (H-5). */
export function codeArtsParamsRoutes(scope: Server, deps: HttpDeps): void {
  scope.get('/tasks/:task_id/params', {
    config: { ...config, auth: 'read' },
    schema: {
      tags, operationId: 'codeartsShowExecutionParams', params: TaskPath, querystring: ParamsQuery,
      summary: 'ShowExecutionParams (CodeArts): the parameters a record ran with (encrypt values masked)',
      response: { 200: Type.Array(ConfigInfo), ...CODEARTS_ERRORS },
    },
  }, async (request) => {
    const { record } = await getTaskRecord(deps.app.store, principalOf(request).accountId, request.params.task_id, request.query.record_id);
    return executionParams(record);
  });
}
