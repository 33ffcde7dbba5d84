import { notFound } from '../../domain/errors.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, PageQuery, Problem, pageOf } from '../schemas/common.ts';
import { HookRunView, OperationView, hookRunView, operationView } from '../schemas/hooks.ts';

/**
 * Hook runs, native: what each execution hook did in each container (state, exit code, output tails, duration),
 * listed per protection operation (appSnaps) and per deploy record, in the order they ran.
 */
export function hookRunRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['execution hooks'];

  server.get('/api/v1/operations/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'A protection operation (an appSnap): state, hookState, VolumeSnapshots', params: IdParams, response: { 200: OperationView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const operation = await deps.app.store.protectionOperations.get(principalOf(request).accountId, request.params.id);
    if (!operation) throw notFound('RESOURCE_NOT_FOUND', 'Operation', request.params.id);
    return operationView(operation);
  });

  server.get('/api/v1/operations/:id/hook-runs', {
    config: { auth: 'read' },
    schema: { tags, summary: 'The hook runs of an operation, in the order they ran', params: IdParams, querystring: PageQuery, response: { 200: pageOf(HookRunView), 400: Problem, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    if (!(await deps.app.store.protectionOperations.get(accountId, request.params.id))) throw notFound('RESOURCE_NOT_FOUND', 'Operation', request.params.id);
    const page = await deps.app.store.hookRuns.listFor(accountId, { operationId: request.params.id }, { limit: request.query.limit ?? 50, cursor: request.query.cursor ?? null });
    return { items: page.items.map(hookRunView), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/deploy-records/:id/hook-runs', {
    config: { auth: 'read' },
    schema: { tags, summary: 'The hook runs of a deploy record, in the order they ran', params: IdParams, querystring: PageQuery, response: { 200: pageOf(HookRunView), 400: Problem, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    if (!(await deps.app.store.records.get(accountId, request.params.id))) throw notFound('RECORD_NOT_FOUND', 'Deploy record', request.params.id);
    const page = await deps.app.store.hookRuns.listFor(accountId, { recordId: request.params.id }, { limit: request.query.limit ?? 50, cursor: request.query.cursor ?? null });
    return { items: page.items.map(hookRunView), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/hook-runs/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'One hook run', params: IdParams, response: { 200: HookRunView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const run = await deps.app.store.hookRuns.get(principalOf(request).accountId, request.params.id);
    if (!run) throw notFound('RESOURCE_NOT_FOUND', 'Hook run', request.params.id);
    return hookRunView(run);
  });
}
