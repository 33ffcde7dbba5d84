/**
 * The audit log's recorder: every call that asks for a change on an authenticated route becomes one audit entry
 * (domain/audit-event.ts), whatever its outcome — refused for missing or bad credentials (401, at most
 * ANONYMOUS_ENTRIES_PER_MINUTE of those), for the role (403),
 * for a bad body (400), failed, or done. "Asks for a change" is POST, PUT, PATCH and DELETE, unless the route says
 * otherwise in `config.audit` (route-audit.ts): the vendor surfaces that carry reads and writes over one route name
 * each call's vendor action and leave their reads out.
 *
 * Public routes are never recorded: the trigger URL (`/hook/trigger`) and registry deliveries
 * (`/api/v1/registry-events/…`) are already recorded as deploy records, trigger logs and registry events, and they
 * are the hot intake paths. Reads (GET) are not recorded, and no hook is attached to a route that only reads, so a
 * read pays nothing.
 *
 * The entry is committed before the answer leaves (an onSend hook waits for the group-commit transaction), so a
 * caller that saw an answer can find its entry. If the entry cannot be written, that is logged at error level and
 * the answer goes out as the handler made it. An entry never holds a body, a query string, a header or a secret:
 * the route is its template, the target a path parameter or the id a create answered with.
 */
import type { FastifyInstance, FastifyRequest, onErrorHookHandler, onSendHookHandler, RouteOptions } from 'fastify';
import { recordAuditEvent } from '../../app/audit/record-audit-event.ts';
import type { AppDeps } from '../../app/deps.ts';
import { NO_METRICS } from '../../app/ports/app-metrics.ts';
import type { AuditActor } from '../../domain/audit-event.ts';
import { isAppError, type AppError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import './fastify-types.ts';
import type { AuditCall, RouteAudit } from './route-audit.ts';
import { prependHook } from './route-hooks.ts';
import { toAppError } from './to-app-error.ts';

const MUTATING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Calls without valid credentials name nobody, and anyone can make them: recording each would let anyone fill the
 * store. At most this many are recorded per minute (enough to see an attack start); the rest are counted, and the
 * count is logged when the minute ends. /metrics counts every one by status.
 */
export const ANONYMOUS_ENTRIES_PER_MINUTE = 60;

/** A create's answer is small; anything larger is not parsed for its id. */
const MAX_ANSWER_TO_READ = 64 * 1024;

export interface AuditOptions {
  /** Routes under these prefixes are public (as for installAuth): never recorded. */
  readonly publicPrefixes: readonly string[];
}

export function installAudit(app: FastifyInstance, deps: Pick<AppDeps, 'store' | 'clock' | 'ids' | 'metrics'>, options: AuditOptions): void {
  // The error each failed call ended with (onError runs before the scope's error handler renders it, so before onSend).
  const failures = new WeakMap<FastifyRequest, AppError>();
  const remember: onErrorHookHandler = (request, _reply, error, done) => {
    failures.set(request, toAppError(error));
    done();
  };

  const anonymous = new AnonymousBudget(deps.clock);
  app.addHook('onRoute', (route: RouteOptions) => {
    const auth = route.config?.auth ?? (options.publicPrefixes.some((p) => route.url.startsWith(p)) ? 'public' : 'admin');
    const audit = route.config?.audit;
    if (auth === 'public' || audit === false) return;
    if (typeof audit !== 'function' && ![route.method].flat().some((m) => MUTATING.has(m))) return;
    const describe = describerFor(audit, route.url);
    const lastParam = lastParamOf(route.url);

    const record: onSendHookHandler = async function recordCall(request, reply, payload) {
      const call = describeSafely(describe, request);
      if (call === null) return payload;
      if (request.principal === null && !anonymous.take(request.log)) return payload;
      const failure = failures.get(request);
      const status = reply.statusCode;
      try {
        await recordAuditEvent(deps, {
          accountId: request.principal?.accountId ?? null,
          actor: actorOf(request.principal),
          method: request.method,
          route: route.url,
          action: call.action,
          target: call.target !== undefined ? call.target : targetOf(request, lastParam, status, reply.getHeader('content-type'), payload),
          status,
          ...(failure === undefined ? {} : { errorStatus: failure.status }),
          errorCode: failure?.code ?? null,
          requestId: request.id,
          sourceIp: request.ip ?? null,
        });
      } catch (error) {
        (deps.metrics ?? NO_METRICS).auditWriteFailed();
        // Only codes and the catalog's safe detail: never the driver's message, which can quote values.
        request.log.error({
          code: isAppError(error) ? error.code : 'INTERNAL', detail: isAppError(error) ? error.detail : undefined,
          action: call.action, route: route.url,
        }, 'audit log entry could not be written');
      }
      return payload;
    };
    route.onError = prependHook(remember, route.onError);
    route.onSend = prependHook(record, route.onSend);
  });
}

/** A fixed one-minute window for anonymous entries (see ANONYMOUS_ENTRIES_PER_MINUTE). */
class AnonymousBudget {
  readonly #clock: Pick<AppDeps['clock'], 'now'>;
  #window = -1;
  #used = 0;
  #dropped = 0;

  constructor(clock: Pick<AppDeps['clock'], 'now'>) {
    this.#clock = clock;
  }

  take(log: FastifyRequest['log']): boolean {
    const window = Math.floor(this.#clock.now() / 60_000);
    if (window !== this.#window) {
      if (this.#dropped > 0) log.warn({ notRecorded: this.#dropped }, 'calls without valid credentials beyond the audit log\'s limit were not recorded');
      this.#window = window;
      this.#used = 0;
      this.#dropped = 0;
    }
    if (this.#used < ANONYMOUS_ENTRIES_PER_MINUTE) {
      this.#used++;
      return true;
    }
    this.#dropped++;
    return false;
  }
}

function describerFor(audit: RouteAudit | undefined, url: string): (request: FastifyRequest) => AuditCall | null {
  if (typeof audit === 'function') return audit;
  const named = typeof audit === 'string' ? audit : null;
  return (request) => (MUTATING.has(request.method) ? { action: named ?? `${request.method} ${url}` } : null);
}

/** A describer that throws must not cost the caller its answer: the call is recorded under its method and route. */
function describeSafely(describe: (request: FastifyRequest) => AuditCall | null, request: FastifyRequest): AuditCall | null {
  try {
    return describe(request);
  } catch {
    return { action: `${request.method} ${request.routeOptions.url ?? ''}` };
  }
}

function actorOf(principal: Principal | null): AuditActor | null {
  if (principal === null) return null;
  const accessKeyId = principal.accessKeyId ?? null;
  return { kind: accessKeyId === null ? 'token' : 'access-key', tokenId: principal.tokenId, tokenName: principal.tokenName, accessKeyId };
}

/** The name of the route's last path parameter (`:id`, `:keyId`, …), or null when it has none. */
function lastParamOf(url: string): string | null {
  const names = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  return names.at(-1) ?? null;
}

/**
 * What the call acted on: what a create made (the `id` of a 201 answer, or of any 2xx answer on a route without
 * path parameters), else the route's last path parameter's value.
 */
function targetOf(request: FastifyRequest, lastParam: string | null, status: number, contentType: unknown, payload: unknown): string | null {
  if (status === 201 || lastParam === null) {
    const created = status >= 200 && status < 300 ? answerId(contentType, payload) : null;
    if (created !== null || lastParam === null) return created;
  }
  const value = (request.params as Record<string, unknown> | undefined)?.[lastParam];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The top-level `id` of a JSON answer, or null. */
function answerId(contentType: unknown, payload: unknown): string | null {
  if (typeof payload !== 'string' || payload.length > MAX_ANSWER_TO_READ) return null;
  if (typeof contentType !== 'string' || !/\bjson\b/i.test(contentType)) return null;
  try {
    const id: unknown = (JSON.parse(payload) as { id?: unknown } | null)?.id;
    return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : null;
  } catch {
    return null;
  }
}
