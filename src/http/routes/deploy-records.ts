import { getRecord } from '../../app/records/get-record.ts';
import { rollbackRecord } from '../../app/records/rollback-record.ts';
import { stopRecord } from '../../app/records/stop-record.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, Problem, pageOf } from '../schemas/common.ts';
import { RecordDetail, RecordDetailQuery, RecordListQuery, RecordView, recordDetail, recordView } from '../schemas/deploy-records.ts';
import { RollbackBody } from '../schemas/image-trigger-quarantine.ts';

/**
 * Native deploy-record API (docs/adr/0005-deploy-records.md): every change Capstan made or is making, whoever
 * asked for it. Reads need `read`; rolling back to a record and stopping one need `deploy`. Encrypted parameter
 * values are always masked; full pod templates only with `?templates=true`.
 */
export function deployRecordRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['deploy-records'];

  server.get('/api/v1/deploy-records', {
    config: { auth: 'read' },
    schema: {
      tags, summary: 'List deploy records, newest first, by task, trigger, state or type',
      querystring: RecordListQuery, response: { 200: pageOf(RecordView), 400: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { limit, cursor, taskId, triggerId, state, type } = request.query;
    const page = await deps.app.store.records.list(principalOf(request).accountId, {
      limit: limit ?? 50, cursor: cursor ?? null,
      ...(taskId === undefined ? {} : { taskId }), ...(triggerId === undefined ? {} : { triggerId }),
      ...(state === undefined ? {} : { state }), ...(type === undefined ? {} : { type }),
    });
    return { items: page.items.map(recordView), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/deploy-records/:id', {
    config: { auth: 'read' },
    schema: {
      tags, summary: 'Get a deploy record with its plan, step progress and the workload changes it made',
      params: IdParams, querystring: RecordDetailQuery, response: { 200: RecordDetail, 400: Problem, 404: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { record, changes } = await getRecord(deps.app, principalOf(request).accountId, request.params.id);
    return recordDetail(record, changes, request.query.templates ?? false);
  });

  server.post('/api/v1/deploy-records/:id/rollback', {
    config: { auth: 'deploy' },
    schema: {
      tags, summary: 'Roll back to a record: start a new rollback record that restores the pod templates it left behind',
      description: 'Images that image triggers deployed to those workloads after the record are quarantined for their triggers unless `quarantine` is false (GET /api/v1/image-triggers/{id}/quarantine).',
      params: IdParams, body: RollbackBody, response: { 202: RecordView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS },
    },
    // The body is optional (a bare POST keeps working): no body means the defaults.
    preValidation: async (request) => {
      if (request.body === undefined || request.body === null) request.body = {};
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const { record } = await rollbackRecord(deps.app, {
      accountId: principal.accountId, recordId: request.params.id, origin: 'api',
      createdBy: { tokenId: principal.tokenId, name: principal.tokenName },
      quarantine: request.body.quarantine ?? true,
    });
    return reply.code(202).send(recordView(record));
  });

  server.post('/api/v1/deploy-records/:id/stop', {
    config: { auth: 'deploy' },
    schema: {
      tags, summary: 'Stop a record: a queued one at once, a running one between steps (or within a second while it waits for a rollout)',
      params: IdParams, response: { 200: RecordView, 404: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => recordView(await stopRecord(deps.app, principalOf(request).accountId, request.params.id)));
}
