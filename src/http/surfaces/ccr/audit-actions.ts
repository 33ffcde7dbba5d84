/**
 * How the Tencent surfaces' calls appear in the audit log (plugins/audit.ts). Both generations carry reads and
 * writes over one route (API 2.0 `?Action=` or a body `Action`, API 3.0 the `X-TC-Action` header), so each call is
 * named by its action: `CCR AddUpdateServiceTrigger`, `TCR CreateApplicationTriggerPersonal`, with the trigger's name
 * as the target. Tencent names its reads `List…` and `Describe…`; those are not recorded, whatever the method.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditCall } from '../../plugins/route-audit.ts';

/** The action a call names and the trigger it is about, as far as they could be read (see `tencentAudit`). */
export interface TencentCallNames {
  readonly action: string | undefined;
  readonly triggerName: string | undefined;
}

const isRead = (action: string): boolean => /^(List|Describe)[A-Z]/.test(action);

/**
 * The audit describer of one Tencent route. An action this surface does not serve, or one that could not be read
 * (a refused API 2.0 POST whose `Action` is in the body, which is never read when authentication fails first), is
 * recorded as `<prefix> (action unknown)` when it came over POST — it may have been a write — and not at all over GET.
 */
export function tencentAudit(prefix: 'CCR' | 'TCR', served: readonly string[], names: (request: FastifyRequest) => TencentCallNames) {
  return (request: FastifyRequest): AuditCall | null => {
    const { action, triggerName } = names(request);
    if (action !== undefined && served.includes(action)) {
      return isRead(action) ? null : { action: `${prefix} ${action}`, target: triggerName ?? null };
    }
    return request.method === 'GET' ? null : { action: `${prefix} (action unknown)`, target: null };
  };
}

/** API 2.0: the body's parameters win over the query string's, as for the action itself (ccr-surface.ts). */
export function v2CallNames(request: FastifyRequest): TencentCallNames {
  const pick = (name: string) => stringParam(request.body, name) ?? stringParam(request.query, name);
  return { action: pick('Action'), triggerName: pick('triggerName') };
}

/** API 3.0: the action in its header, the parameters in the JSON body. */
export function v3CallNames(request: FastifyRequest): TencentCallNames {
  const header = request.headers['x-tc-action'];
  return { action: typeof header === 'string' ? header : undefined, triggerName: stringParam(request.body, 'TriggerName') };
}

function stringParam(source: unknown, name: string): string | undefined {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return undefined;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
