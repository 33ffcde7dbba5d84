// metav1.Status errors with the real API server's reasons, codes and message formats
// (k8s.io/apimachinery/pkg/api/errors/errors.go: NewNotFound, NewAlreadyExists, NewConflict, NewInvalid, …).
import { qualifiedName, type ResourceType } from './resources.ts';

export interface StatusCause { reason?: string; message: string; field?: string }

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/** Thrown inside handlers; the router renders `status` with HTTP code `status.code`. */
export class ApiError extends Error {
  readonly status: StatusBody;
  constructor(status: StatusBody) {
    super(status.message);
    this.status = status;
  }
}

function failure(code: number, reason: string, message: string, details?: StatusBody['details']): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

function resourceDetails(r: ResourceType, name: string): StatusBody['details'] {
  return { name, ...(r.group ? { group: r.group } : {}), kind: r.plural };
}

export function notFound(r: ResourceType, name: string): ApiError {
  return failure(404, 'NotFound', `${qualifiedName(r)} "${name}" not found`, resourceDetails(r, name));
}

export function alreadyExists(r: ResourceType, name: string): ApiError {
  return failure(409, 'AlreadyExists', `${qualifiedName(r)} "${name}" already exists`, resourceDetails(r, name));
}

/** The exact text clients (and humans) know from optimistic-concurrency failures (rule K15). */
export const CONFLICT_TEXT = 'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(r: ResourceType, name: string, text: string = CONFLICT_TEXT): ApiError {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(r)} "${name}": ${text}`, resourceDetails(r, name));
}

export interface FieldError { field: string; type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueForbidden' | 'FieldValueNotSupported' | 'FieldValueDuplicate'; detail: string }

/** One cause per field error; the message joins them like utilerrors.NewAggregate ("[a, b]" when several). */
export function invalid(r: ResourceType, name: string, errors: FieldError[]): ApiError {
  const bodies = errors.map((e) => `${e.field}: ${e.detail}`);
  const joined = bodies.length === 1 ? bodies[0] : `[${bodies.join(', ')}]`;
  const kind = r.group ? `${r.kind}.${r.group}` : r.kind;
  return failure(422, 'Invalid', `${kind} "${name}" is invalid: ${joined}`, {
    name, ...(r.group ? { group: r.group } : {}), kind: r.kind,
    causes: errors.map((e) => ({ reason: e.type, message: e.detail, field: e.field })),
  });
}

export function badRequest(message: string): ApiError {
  return failure(400, 'BadRequest', message);
}

export function methodNotSupported(r: ResourceType, action: string): ApiError {
  return failure(405, 'MethodNotAllowed', `${action} is not supported on resources of kind "${qualifiedName(r)}"`, { ...(r.group ? { group: r.group } : {}), kind: r.plural });
}

export function unsupportedMediaType(contentType: string, accepted: string[]): ApiError {
  return failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`, { kind: contentType });
}

export function forbidden(r: ResourceType, name: string, text: string): ApiError {
  return failure(403, 'Forbidden', `${qualifiedName(r)} "${name}" is forbidden: ${text}`, resourceDetails(r, name));
}

export function unauthorized(): ApiError {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

export function pathNotFound(): ApiError {
  return failure(404, 'NotFound', 'the server could not find the requested resource');
}

export function tooManyRequests(): ApiError {
  return failure(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 });
}

export function internalError(text: string): ApiError {
  return failure(500, 'InternalError', `Internal error occurred: ${text}`, { causes: [{ message: text }] });
}

export function serviceUnavailable(text: string): ApiError {
  return failure(503, 'ServiceUnavailable', text);
}

export function expired(text: string): ApiError {
  return failure(410, 'Expired', text);
}

export function successStatus(r: ResourceType, name: string, uid: string): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { ...resourceDetails(r, name), uid }, code: 200 };
}
