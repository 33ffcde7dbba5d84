import { ApiException } from '@kubernetes/client-node';
import { AppError } from '../../domain/errors.ts';
import { asArray, at, isRecord, str } from './unstructured.ts';

/**
 * The one place where client-node and socket failures become AppErrors (K17; port failure contract). Decisions use
 * the HTTP status and the Kubernetes `Status.reason`, never message text. Details name what Capstan tried (verb,
 * resource, object) and never carry the raw upstream body, which can echo request content.
 */

/** What the failing call was doing; used to word the detail and to say what a 404 or 400 means here. */
export interface KubeCallContext {
  readonly verb: 'get' | 'list' | 'patch' | 'create' | 'apply';
  /** `deployments.apps`, `pods`, `volumesnapshots.snapshot.storage.k8s.io`, `/version` … */
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  /** The AppError a 404 means for this call (the target is missing); otherwise KUBE_UPSTREAM. */
  readonly notFound?: () => AppError;
  /** The AppError a 400 means for this call (e.g. a label selector the server rejected). */
  readonly badRequest?: () => AppError;
  /** The AppError a 409 means for this call (server-side apply: fields owned by other managers). */
  readonly conflict?: (status: KubeStatus | undefined) => AppError;
  /** The AppError a 422 Invalid means for this call (an object the caller wrote, e.g. an applied manifest). */
  readonly invalid?: (status: KubeStatus | undefined) => AppError;
}

/** The parts of a `metav1.Status` we decide on or report. */
export interface KubeStatus {
  readonly code: number;
  readonly reason: string | undefined;
  readonly causes: readonly { readonly field?: string; readonly message?: string }[];
  readonly retryAfterSeconds: number | undefined;
}

export type FailureClass = 'http' | 'timeout' | 'network' | 'other';

const TRANSIENT_SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
]);

export function classify(error: unknown): FailureClass {
  if (error instanceof ApiException) return 'http';
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  if (socketCode(error) !== undefined || (error instanceof TypeError && error.cause !== undefined)) return 'network';
  return 'other';
}

/** The errno/undici code of a socket failure, looking through fetch's `TypeError: fetch failed` wrapper. */
export function socketCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && isRecord(current); depth++) {
    const code = str(current['code']);
    if (code !== undefined && TRANSIENT_SOCKET_CODES.has(code)) return code;
    current = current['cause'];
  }
  return undefined;
}

export function httpStatus(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/** Parses the `Status` object client-node leaves as text in `ApiException.body`. */
export function kubeStatus(error: unknown): KubeStatus | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const body = parseBody(error.body);
  const retryHeader = Number(headerValue(error.headers, 'retry-after'));
  const retryDetail = at(body, 'details', 'retryAfterSeconds');
  return {
    code: error.code,
    reason: str(at(body, 'reason')),
    causes: asArray(at(body, 'details', 'causes')).filter(isRecord).map((c) => ({
      field: str(c['field']),
      message: str(c['message']),
    })),
    retryAfterSeconds: Number.isFinite(retryHeader) && retryHeader >= 0 ? retryHeader
      : typeof retryDetail === 'number' ? retryDetail : undefined,
  };
}

/** Translates any failure of one Kubernetes call into an AppError, keeping the original as `cause`. */
export function translateKubeError(error: unknown, ctx: KubeCallContext): AppError {
  if (error instanceof AppError) return error;
  const where = describeTarget(ctx);
  switch (classify(error)) {
    case 'timeout':
      return new AppError('KUBE_UNAVAILABLE', `Kubernetes API did not answer in time (${where}).`, { cause: error });
    case 'network':
      return new AppError('KUBE_UNAVAILABLE', `Kubernetes API is unreachable (${where}).`, { cause: error });
    case 'other':
      return new AppError('KUBE_UPSTREAM', `Unexpected failure talking to the Kubernetes API (${where}).`, { cause: error });
    case 'http':
      return translateStatus(error, kubeStatus(error), ctx, where);
  }
}

function translateStatus(error: unknown, status: KubeStatus | undefined, ctx: KubeCallContext, where: string): AppError {
  const code = status?.code ?? 0;
  const options = { cause: error };
  if (code === 401) {
    return new AppError('KUBE_FORBIDDEN', `The cluster rejected Capstan's credentials (401) (${where}).`, options);
  }
  if (code === 403) {
    return new AppError('KUBE_FORBIDDEN', `Capstan's credentials may not ${where} (403); see deploy/rbac.yaml.`, options);
  }
  if (code === 404 && ctx.notFound) return withCause(ctx.notFound(), error);
  if (code === 400 && ctx.badRequest) return withCause(ctx.badRequest(), error);
  if (code === 409 && ctx.conflict) return withCause(ctx.conflict(status), error);
  if (code === 422 && ctx.invalid) return withCause(ctx.invalid(status), error);
  if (code === 409) {
    const detail = status?.reason === 'AlreadyExists'
      ? `The object already exists (${where}).`
      : `The object changed while Capstan was writing it (${where}).`;
    return new AppError(status?.reason === 'AlreadyExists' ? 'NAME_TAKEN' : 'KUBE_CONFLICT', detail, options);
  }
  if (code === 429 || code >= 500) {
    const retryAfterS = status?.retryAfterSeconds;
    return new AppError('KUBE_UNAVAILABLE', `Kubernetes API answered ${code} after retries (${where}).`, {
      cause: error,
      ...(retryAfterS === undefined ? {} : { retryAfterS }),
    });
  }
  return new AppError('KUBE_UPSTREAM', `Kubernetes API answered ${code}${reasonText(status)} (${where}).`, options);
}

/** 422 Invalid and friends: name the fields the server objected to, which a user can act on. */
export function reasonText(status: KubeStatus | undefined): string {
  if (status === undefined) return '';
  const fields = status.causes.map((c) => [c.field, c.message].filter(Boolean).join(': ')).filter(Boolean);
  const reason = status.reason === undefined ? '' : ` ${status.reason}`;
  return fields.length === 0 ? reason : `${reason}: ${fields.slice(0, 5).join('; ').slice(0, 500)}`;
}

function describeTarget(ctx: KubeCallContext): string {
  const object = ctx.name === undefined ? ctx.resource : `${ctx.resource} "${ctx.name}"`;
  const scope = ctx.namespace === undefined ? '' : ` in namespace "${ctx.namespace}"`;
  return `${ctx.verb} ${object}${scope}`;
}

function withCause(appError: AppError, cause: unknown): AppError {
  return new AppError(appError.code, appError.detail, { cause, errors: appError.errors });
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!isRecord(headers)) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : str(headers[key]);
}
