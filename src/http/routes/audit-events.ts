import { invalid } from '../../domain/errors.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AuditEventListQuery, AuditEventView, auditEventView } from '../schemas/audit-events.ts';
import { AUTH_ERRORS, Problem, pageOf } from '../schemas/common.ts';

const DESCRIPTION = 'Every call that asked for a change on an authenticated route (POST, PUT, PATCH, DELETE, and the vendor '
  + 'actions that change something), whatever its outcome: who (token, or access key), what (action, route template, '
  + 'target), when, and whether it was allowed and done (status, outcome, error code). Reads are not recorded, nor the '
  + 'public intake endpoints (/hook/trigger, /api/v1/registry-events/…), which deploy records, trigger logs and registry '
  + 'events record already. Entries hold no bodies, query strings, headers or secrets. Append-only: there is no update '
  + 'or delete; CAPSTAN_AUDIT_RETENTION_DAYS (365) removes old entries.';

/** The audit log (plugins/audit.ts writes it): admin only, newest first, read-only. */
export function auditEventRoutes(server: Server, deps: HttpDeps): void {
  server.get('/api/v1/audit-events', {
    config: { auth: 'admin' },
    schema: {
      tags: ['audit'], summary: 'List audit log entries, newest first, by actor, action, route, target, outcome or time',
      description: DESCRIPTION, querystring: AuditEventListQuery, response: { 200: pageOf(AuditEventView), 400: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { limit, cursor, actor, action, route, target, outcome, since, until } = request.query;
    const page = await deps.app.store.auditEvents.list(principalOf(request).accountId, {
      limit: limit ?? 50, cursor: cursor ?? null,
      ...(actor === undefined ? {} : { actorTokenId: actor }), ...(action === undefined ? {} : { action }),
      ...(route === undefined ? {} : { route }), ...(target === undefined ? {} : { target }),
      ...(outcome === undefined ? {} : { outcome }),
      ...(since === undefined ? {} : { since: instant(since, 'since') }), ...(until === undefined ? {} : { until: instant(until, 'until') }),
    });
    return { items: page.items.map(auditEventView), nextCursor: page.nextCursor };
  });
}

/** Epoch milliseconds (digits only) or an ISO 8601 date-time; VALIDATION_FAILED naming the parameter otherwise. */
function instant(raw: string, name: string): number {
  const ms = /^\d{1,15}$/.test(raw) ? Number(raw) : /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (!Number.isSafeInteger(ms)) {
    throw invalid(`${name} must be epoch milliseconds or an ISO 8601 date-time.`, [{ pointer: `/query/${name}`, detail: 'is not a time' }]);
  }
  return ms;
}
