import { Type, type TSchema } from 'typebox';
import { AUDIT_ACTOR_KINDS, AUDIT_OUTCOMES, MAX_AUDIT_TEXT, type AuditEvent } from '../../domain/audit-event.ts';
import { Timestamp, iso } from './common.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = (what: string) => Type.String({
  minLength: 1, maxLength: 40, description: `${what}, inclusive: epoch milliseconds or an ISO 8601 date-time.`,
});

export const AuditEventListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size (1–200).' })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor of the previous page.' })),
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only calls made with this API token id (directly or through its access keys).' })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_AUDIT_TEXT, description: 'Exact action, e.g. "POST /api/v1/tokens" or "CCR AddUpdateServiceTrigger".' })),
  route: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_AUDIT_TEXT, description: 'Exact route template, e.g. "/api/v1/tokens/:id".' })),
  target: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_AUDIT_TEXT, description: 'Only calls on this resource id.' })),
  outcome: Type.Optional(Type.Enum([...AUDIT_OUTCOMES])),
  since: Type.Optional(Instant('Only calls answered at or after this time')),
  until: Type.Optional(Instant('Only calls answered at or before this time')),
}, { additionalProperties: false });

export const AuditEventView = Type.Object({
  id: Type.String(),
  at: Timestamp,
  actor: Nullable(Type.Object({
    kind: Type.Enum([...AUDIT_ACTOR_KINDS], { description: 'token: a bearer token; access-key: a vendor signature made with one of the token\'s access keys.' }),
    tokenId: Type.String(),
    tokenName: Type.String({ description: 'The token\'s name at the time of the call.' }),
    accessKeyId: Nullable(Type.String()),
  }, { description: 'Null when the call carried no valid credentials.' })),
  method: Type.String(),
  route: Type.String({ description: 'The route template (never the URL called).' }),
  action: Type.String({ description: '"<METHOD> <route>", or the vendor action, e.g. "CCR AddUpdateServiceTrigger", "ACK CreateTrigger".' }),
  target: Nullable(Type.String({ description: 'The resource acted on: a path parameter, or the id a create answered with.' })),
  status: Type.Integer({ description: 'The HTTP status sent. Vendor surfaces that answer errors with 200 record 200; see outcome and errorCode.' }),
  outcome: Type.Enum([...AUDIT_OUTCOMES], { description: 'succeeded (2xx/3xx), denied (401/403: credentials, role or rule), failed (anything else).' }),
  errorCode: Nullable(Type.String({ description: 'The error code the call failed with (docs/errors.md).' })),
  requestId: Type.String({ description: 'The X-Request-Id the call was answered with.' }),
  sourceIp: Nullable(Type.String({ description: 'The peer address (X-Forwarded-For is not trusted).' })),
});

export function auditEventView(e: AuditEvent) {
  return {
    id: e.id, at: iso(e.at), actor: e.actor === null ? null : { ...e.actor },
    method: e.method, route: e.route, action: e.action, target: e.target, status: e.status, outcome: e.outcome,
    errorCode: e.errorCode, requestId: e.requestId, sourceIp: e.sourceIp,
  };
}
