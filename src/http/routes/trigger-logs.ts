/**
 * Native trigger-log API (/api/v1/trigger-logs): every image-trigger firing, newest first or in one of
 * ListTriggerLog's orderings, keyset-paged, filtered by repository, trigger, status and firing-time window; the same rows as Tencent's ListTriggerLog, with the
 * digest, the image reference deployed and the deploy record each firing started.
 */
import { listTriggerLogs } from '../../app/image-triggers/list-trigger-logs.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, Problem, pageOf } from '../schemas/common.ts';
import { TriggerLogListQuery, TriggerLogView, triggerLogView } from '../schemas/image-triggers.ts';
import { settleTriggerLogs } from '../../app/image-triggers/settle-trigger-logs.ts';
import type { TriggerLogOrderBy } from '../../app/ports/image-trigger-repos.ts';

// The native names of ListTriggerLog's orderings (Tencent's invoke_time, trigger_name, repo_name).
const ORDER_BY = { invokeTime: 'invoke_time', triggerName: 'trigger_name', repoName: 'repo_name' } as const satisfies Record<string, TriggerLogOrderBy>;

export function triggerLogRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['image-triggers'];

  server.get('/api/v1/trigger-logs', {
    config: { auth: 'read' },
    schema: {
      tags, summary: 'List image-trigger firings, newest first unless order/orderBy say otherwise', querystring: TriggerLogListQuery,
      response: { 200: pageOf(TriggerLogView), 400: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { limit, cursor, order, orderBy, repository, triggerId, status, from, to } = request.query;
    const page = await listTriggerLogs(deps.app, principalOf(request).accountId, {
      limit: limit ?? 50, cursor: cursor ?? null, order: order ?? 'desc', orderBy: ORDER_BY[orderBy ?? 'invokeTime'],
      ...(repository ? { repository } : {}), ...(triggerId ? { triggerId } : {}), ...(status ? { status } : {}),
      ...(from === undefined ? {} : { from: instant(from, 'from') }), ...(to === undefined ? {} : { to: instant(to, 'to') }),
    });
    return { items: page.items.map(triggerLogView), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/trigger-logs/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get one image-trigger firing', params: IdParams, response: { 200: TriggerLogView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    await settleTriggerLogs(deps.app, accountId);
    const log = await deps.app.store.triggerLogs.get(accountId, request.params.id);
    if (!log) throw notFound('RESOURCE_NOT_FOUND', 'Trigger log entry', request.params.id);
    return triggerLogView(log);
  });
}

function instant(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(`${name} is not an RFC 3339 date-time.`, [{ pointer: `/query/${name}`, detail: 'must be an RFC 3339 date-time, e.g. 2026-11-23T12:00:00Z' }]);
  return ms;
}
