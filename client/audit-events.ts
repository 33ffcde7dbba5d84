/**
 * The audit log (/api/v1/audit-events; admin only): every call that asked for a change on an authenticated route,
 * whatever its outcome — who, what, when, and whether it was allowed and done. Newest first; read-only.
 */
import type { ApiTransport } from './transport.ts';
import type { Page, PageParams } from './types.ts';

export const AUDIT_OUTCOMES = ['succeeded', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditActor {
  /** `token`: a bearer token; `access-key`: a vendor signature made with one of the token's access keys. */
  readonly kind: 'token' | 'access-key';
  readonly tokenId: string;
  /** The token's name at the time of the call. */
  readonly tokenName: string;
  readonly accessKeyId: string | null;
}

export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  /** Null when the call carried no valid credentials. */
  readonly actor: AuditActor | null;
  readonly method: string;
  /** The route template, e.g. `/api/v1/tokens/:id`. */
  readonly route: string;
  /** `POST /api/v1/tokens`, or a vendor action such as `CCR AddUpdateServiceTrigger`. */
  readonly action: string;
  readonly target: string | null;
  /** The HTTP status sent (vendor surfaces answer some errors with 200: see outcome and errorCode). */
  readonly status: number;
  readonly outcome: AuditOutcome;
  readonly errorCode: string | null;
  readonly requestId: string;
  readonly sourceIp: string | null;
}

export interface AuditEventListParams extends PageParams {
  /** An API token id: its calls, direct or signed with its access keys. */
  readonly actor?: string;
  readonly action?: string;
  readonly route?: string;
  readonly target?: string;
  readonly outcome?: AuditOutcome;
  /** Inclusive; epoch milliseconds or an ISO 8601 date-time. */
  readonly since?: string | number;
  readonly until?: string | number;
}

export class AuditEventsApi {
  readonly #http: ApiTransport;
  constructor(http: ApiTransport) {
    this.#http = http;
  }

  list(params: AuditEventListParams = {}): Promise<Page<AuditEvent>> {
    return this.#http.request('GET', '/audit-events', {
      query: {
        limit: params.limit, cursor: params.cursor, actor: params.actor, action: params.action, route: params.route,
        target: params.target, outcome: params.outcome, since: params.since, until: params.until,
      },
    });
  }
}
