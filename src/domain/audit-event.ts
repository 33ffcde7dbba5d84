/**
 * One entry of the audit log: who asked for a change through the API, what they asked for, when, and whether it was
 * allowed and done. Append-only: nothing updates or deletes an entry except retention (CAPSTAN_AUDIT_RETENTION_DAYS).
 *
 * An entry never holds a request body, a query string, a header or a secret: the route is the framework's template
 * (`/api/v1/tokens/:id`, not the URL that was called, since URLs can carry tokens), the target is one path parameter
 * or the id a create answered with, and the actor is named by token id and name (plus the access key id when the
 * request was signed).
 */

/** `succeeded`: 2xx/3xx; `denied`: 401/403 (no or bad credentials, or a role or rule that forbids it); `failed`: the rest. */
export const AUDIT_OUTCOMES = ['succeeded', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** `token`: a bearer token (or CodeArts X-Auth-Token); `access-key`: a vendor signature made with one of the token's access keys. */
export const AUDIT_ACTOR_KINDS = ['token', 'access-key'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

export interface AuditActor {
  readonly kind: AuditActorKind;
  /** The API token acted with (directly, or through one of its access keys). */
  readonly tokenId: string;
  /** The token's name when the request was made (a later rename or revocation does not change the entry). */
  readonly tokenName: string;
  /** Set when kind is `access-key`. */
  readonly accessKeyId: string | null;
}

export interface AuditEvent {
  /** Time-ordered (UUIDv7). */
  readonly id: string;
  readonly accountId: string;
  /** When the answer was decided, epoch ms. */
  readonly at: number;
  /** Null when the request carried no valid credentials. */
  readonly actor: AuditActor | null;
  readonly method: string;
  /** The route template, e.g. `/api/v1/tokens/:id`. */
  readonly route: string;
  /** Stable readable name: `POST /api/v1/tokens`, or a vendor action such as `CCR AddUpdateServiceTrigger`. */
  readonly action: string;
  /** The resource acted on, when the route names one; null otherwise. */
  readonly target: string | null;
  /** The HTTP status sent (vendor surfaces that answer errors with 200 still record 200; see errorCode). */
  readonly status: number;
  readonly outcome: AuditOutcome;
  /** The error code the request failed with (ROLE_FORBIDS_ACTION, VALIDATION_FAILED …); null on success. */
  readonly errorCode: string | null;
  readonly requestId: string;
  /** The peer address (X-Forwarded-For is not trusted); null when unknown. */
  readonly sourceIp: string | null;
}

/** Longest stored action, route and target; longer values are cut (they come from route templates and path parameters). */
export const MAX_AUDIT_TEXT = 256;

/** The outcome an HTTP status means: 2xx/3xx succeeded, 401/403 denied, anything else failed. */
export function auditOutcomeOf(status: number): AuditOutcome {
  if (status >= 200 && status < 400) return 'succeeded';
  if (status === 401 || status === 403) return 'denied';
  return 'failed';
}

export function isAuditOutcome(value: unknown): value is AuditOutcome {
  return typeof value === 'string' && (AUDIT_OUTCOMES as readonly string[]).includes(value);
}
