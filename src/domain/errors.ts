/**
 * The one error type of Capstan and its catalog.
 *
 * Every failure a caller can handle has a stable `code` from `ERROR_CATALOG`; each surface (native problem+json,
 * ACK, Tencent 2.0/3.0, CodeArts, Astra) renders the same AppError into its own envelope. Foreign errors
 * (SQL, Kubernetes, registry, sockets) are translated into an AppError once, in the adapter that met them, and
 * the original is kept as `cause`. Code never branches on `message` text.
 */

export const ErrorKind = {
  invalid: 'invalid',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  tooLarge: 'too_large',
  unsupportedMediaType: 'unsupported_media_type',
  rateLimited: 'rate_limited',
  upstream: 'upstream',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

export const HTTP_STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  upstream: 502,
  unavailable: 503,
  internal: 500,
};

interface CatalogEntry {
  readonly kind: ErrorKind;
  readonly title: string;
}

/** Stable codes: renaming one is a breaking API change. Titles are fixed per code (RFC 9457 §3.1.3). */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { kind: 'invalid', title: 'Request validation failed' },
  MALFORMED_BODY: { kind: 'invalid', title: 'Request body is not valid JSON' },
  KUBECONFIG_INVALID: { kind: 'invalid', title: 'Kubeconfig is not valid' },
  SELECTOR_INVALID: { kind: 'invalid', title: 'Label selector is not valid' },
  CONDITION_REGEX_INVALID: { kind: 'invalid', title: 'Regular expression is not valid RE2' },
  PARAM_INVALID: { kind: 'invalid', title: 'Parameter is not valid' },
  PARAM_MISSING: { kind: 'invalid', title: 'Required parameter is missing' },
  PARAM_UNKNOWN: { kind: 'invalid', title: 'Parameter is not known' },
  QUERY_PARAM_UNSUPPORTED: { kind: 'invalid', title: 'Query parameter is not supported here' },
  CONTAINER_NOT_FOUND: { kind: 'invalid', title: 'Container not found in workload' },
  WORKLOAD_PAUSED: { kind: 'conflict', title: 'Workload rollout is paused' },

  TOKEN_MISSING: { kind: 'unauthenticated', title: 'Authentication required' },
  TOKEN_INVALID: { kind: 'unauthenticated', title: 'Token is not valid' },
  SIGNATURE_INVALID: { kind: 'unauthenticated', title: 'Request signature is not valid' },
  SIGNATURE_EXPIRED: { kind: 'unauthenticated', title: 'Request signature has expired' },
  SIGNATURE_REPLAYED: { kind: 'unauthenticated', title: 'Request was already received' },

  ROLE_FORBIDS_ACTION: { kind: 'forbidden', title: 'Role does not allow this action' },
  PIPELINE_ONLY: { kind: 'forbidden', title: 'Only pipeline tokens may start this task' },
  READ_ONLY_RESOURCE: { kind: 'forbidden', title: 'Resource is read-only' },
  RESOURCE_IN_USE: { kind: 'forbidden', title: 'Resource is still referenced' },
  NETAPP_HOOK_READ_ONLY: { kind: 'forbidden', title: 'NetApp-provided execution hooks are read-only' },
  HOOKS_DISABLED: { kind: 'forbidden', title: 'Execution hooks are switched off for this account' },

  ROUTE_NOT_FOUND: { kind: 'not_found', title: 'Route not found' },
  ACCOUNT_NOT_FOUND: { kind: 'not_found', title: 'Account not found' },
  TOKEN_NOT_FOUND: { kind: 'not_found', title: 'Token not found' },
  ACCESS_KEY_NOT_FOUND: { kind: 'not_found', title: 'Access key not found' },
  CLUSTER_NOT_FOUND: { kind: 'not_found', title: 'Cluster not found' },
  APPLICATION_NOT_FOUND: { kind: 'not_found', title: 'Application not found' },
  WORKLOAD_NOT_FOUND: { kind: 'not_found', title: 'Workload not found' },
  JOB_NOT_FOUND: { kind: 'not_found', title: 'Job not found' },
  RECORD_NOT_FOUND: { kind: 'not_found', title: 'Deploy record not found' },
  RESOURCE_NOT_FOUND: { kind: 'not_found', title: 'Resource not found' },
  RECEIVER_NOT_FOUND: { kind: 'not_found', title: 'Registry receiver not found' },
  WATCHED_REPOSITORY_NOT_FOUND: { kind: 'not_found', title: 'Watched repository not found' },
  REGISTRY_EVENT_NOT_FOUND: { kind: 'not_found', title: 'Registry event not found' },
  NOTIFICATION_CHANNEL_NOT_FOUND: { kind: 'not_found', title: 'Notification channel not found' },

  NAME_TAKEN: { kind: 'conflict', title: 'Name is already in use' },
  ID_TAKEN: { kind: 'conflict', title: 'Id is already in use' },
  FIELD_IMMUTABLE: { kind: 'conflict', title: 'Field cannot be changed' },
  ETAG_MISMATCH: { kind: 'conflict', title: 'Resource was modified by someone else' },
  KUBE_CONFLICT: { kind: 'conflict', title: 'Kubernetes object kept changing during the write' },
  DEPLOY_IN_PROGRESS: { kind: 'conflict', title: 'A deploy is already running' },
  TASK_DRAFT: { kind: 'conflict', title: 'A draft deploy task cannot run' },
  RECORD_FINISHED: { kind: 'conflict', title: 'Deploy record has already finished' },
  RECORD_NOT_ROLLBACKABLE: { kind: 'conflict', title: 'Deploy record changed no workload to roll back to' },
  CLUSTER_IN_USE: { kind: 'conflict', title: 'Cluster still has applications' },
  ACCESS_KEY_LIMIT: { kind: 'conflict', title: 'Token has the maximum number of access keys' },
  HOOK_ACTION_UNSUPPORTED: { kind: 'conflict', title: 'The application cannot run hooks for this action' },
  STORE_BACKUP_UNAVAILABLE: { kind: 'conflict', title: 'Store cannot be backed up through the API' },

  BODY_TOO_LARGE: { kind: 'too_large', title: 'Request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { kind: 'unsupported_media_type', title: 'Content type is not supported' },
  RATE_LIMITED: { kind: 'rate_limited', title: 'Too many requests' },

  KUBE_FORBIDDEN: { kind: 'upstream', title: 'Capstan is not allowed to do this on the cluster' },
  KUBE_UPSTREAM: { kind: 'upstream', title: 'Kubernetes API server returned an error' },
  REGISTRY_UPSTREAM: { kind: 'upstream', title: 'Container registry returned an error' },
  REGISTRY_AUTH_FAILED: { kind: 'upstream', title: 'Container registry refused the credentials' },

  KUBE_UNAVAILABLE: { kind: 'unavailable', title: 'Kubernetes API server is unreachable' },
  REGISTRY_UNAVAILABLE: { kind: 'unavailable', title: 'Container registry is unreachable' },
  DATABASE_UNAVAILABLE: { kind: 'unavailable', title: 'Database is unavailable' },
  SHUTTING_DOWN: { kind: 'unavailable', title: 'Server is shutting down' },

  INTERNAL: { kind: 'internal', title: 'Internal error' },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** One failing input, as a JSON Pointer into the request (`/body/name`, `/query/limit`). */
export interface FieldError {
  readonly pointer: string;
  readonly detail: string;
}

export interface AppErrorOptions {
  readonly errors?: readonly FieldError[];
  readonly retryAfterS?: number;
  readonly cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly title: string;
  readonly status: number;
  /** Safe to show to the caller: never a secret, a raw upstream body or a stack trace. */
  readonly detail: string;
  readonly errors: readonly FieldError[];
  readonly retryAfterS: number | undefined;

  constructor(code: ErrorCode, detail: string, options: AppErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    const entry: CatalogEntry = ERROR_CATALOG[code];
    this.name = 'AppError';
    this.code = code;
    this.kind = entry.kind;
    this.title = entry.title;
    this.status = HTTP_STATUS_BY_KIND[entry.kind];
    this.detail = detail;
    this.errors = options.errors ?? [];
    this.retryAfterS = options.retryAfterS;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** kebab-case slug of a code, used in problem `type` URIs and docs anchors. */
export function codeSlug(code: ErrorCode): string {
  return code.toLowerCase().replaceAll('_', '-');
}

export const invalid = (detail: string, errors: readonly FieldError[] = []): AppError =>
  new AppError('VALIDATION_FAILED', detail, { errors });

export const notFound = (code: ErrorCode & `${string}_NOT_FOUND`, what: string, id: string): AppError =>
  new AppError(code, `${what} ${id} does not exist.`);

export const forbidden = (detail: string): AppError => new AppError('ROLE_FORBIDS_ACTION', detail);
