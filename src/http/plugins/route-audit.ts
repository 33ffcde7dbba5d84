/** How a route declares its calls to the audit log (plugins/audit.ts). */
import type { FastifyRequest } from 'fastify';

/** One call as the audit log names it. */
export interface AuditCall {
  /** Stable readable name, e.g. `CCR AddUpdateServiceTrigger`. */
  readonly action: string;
  /**
   * The resource acted on. Omitted: what a create made (the `id` of a 201 answer, or of any 2xx answer on a route
   * without path parameters), else the route's last path parameter. Null: none.
   */
  readonly target?: string | null;
}

/**
 * - absent: a POST, PUT, PATCH or DELETE is recorded as `<METHOD> <route template>`; other methods are not.
 * - a string: the action's name for those same methods (a vendor operation, e.g. `ACK CreateTrigger`).
 * - a function: decides per call, whatever the method: the call, or null for a call that only reads (not
 *   recorded). For surfaces that carry reads and writes over one route (CCR `?Action=`, TCR `X-TC-Action`). It runs
 *   once the answer is decided, refusals included, so it must not count on a parsed body: the body is undefined
 *   when authentication failed before it was read. It must not throw.
 * - false: never recorded (a POST that only computes, such as a preview).
 */
export type RouteAudit = string | false | ((request: FastifyRequest) => AuditCall | null);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How this route's calls appear in the audit log; see RouteAudit. */
    audit?: RouteAudit;
  }
}
