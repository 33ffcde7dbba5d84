/**
 * Alibaba Cloud ACK error envelope (seed-apis.md §1.4, §5.5): `{code, message, requestId}` with the HTTP status.
 * The vendor code comes from BY_CODE when the catalog code has a finer ACK counterpart, else from BY_KIND; the
 * HTTP status is the AppError's unless the ACK mapping says otherwise. `message` is the AppError detail, except
 * for internal errors, whose detail is never shown.
 *
 * The public trigger hook (`/hook/trigger?token=`) has its own shape, renderAckHookError.
 */
import type { FastifyRequest } from 'fastify';
import type { AppError, ErrorCode, ErrorKind } from '../../../domain/errors.ts';
import type { RenderedError } from '../../plugins/error-renderer.ts';

export interface AckError {
  readonly status: number;
  readonly code: string;
}

export interface AckErrorBody {
  code: string;
  message: string;
  requestId: string;
}

export const ACK_CONTENT_TYPE = 'application/json';

// Codes marked [inf] in seed-apis.md §1.4/§5.5 are our choice; Throttling and ServiceUnavailable are Alibaba's
// common codes. 413/415/502 keep our status because ACK documents nothing for them.
export const ACK_BY_KIND: Readonly<Record<ErrorKind, AckError>> = {
  invalid: { status: 400, code: 'InvalidParameter' },
  unauthenticated: { status: 401, code: 'InvalidAccessKeyId' },
  forbidden: { status: 403, code: 'ErrorCheckAcl' },
  not_found: { status: 404, code: 'ErrorTriggerNotFound' },
  conflict: { status: 409, code: 'OperationConflict' },
  too_large: { status: 413, code: 'InvalidParameter' },
  unsupported_media_type: { status: 415, code: 'InvalidParameter' },
  rate_limited: { status: 429, code: 'Throttling' },
  upstream: { status: 502, code: 'ErrorUpstream' },
  unavailable: { status: 503, code: 'ServiceUnavailable' },
  internal: { status: 500, code: 'InternalError' },
};

export const ACK_BY_CODE: Readonly<Partial<Record<ErrorCode, AckError>>> = {
  CLUSTER_NOT_FOUND: { status: 404, code: 'ErrorClusterNotFound' }, // A10: the Terraform provider's not-found code
  // project_id names the workload or application, so a missing one is a bad project_id (§1.4).
  WORKLOAD_NOT_FOUND: { status: 400, code: 'InvalidParameter' },
  APPLICATION_NOT_FOUND: { status: 400, code: 'InvalidParameter' },
  ROUTE_NOT_FOUND: { status: 404, code: 'InvalidAction.NotFound' },
  // §5.5: a duplicate or an immutable field is a 400 InvalidParameter on ACK, not a 409.
  NAME_TAKEN: { status: 400, code: 'InvalidParameter' },
  ID_TAKEN: { status: 400, code: 'InvalidParameter' },
  FIELD_IMMUTABLE: { status: 400, code: 'InvalidParameter' },
  SIGNATURE_INVALID: { status: 401, code: 'SignatureDoesNotMatch' },
  SIGNATURE_EXPIRED: { status: 401, code: 'InvalidTimeStamp.Expired' },
  SIGNATURE_REPLAYED: { status: 401, code: 'SignatureNonceUsed' }, // Alibaba common code: x-acs-signature-nonce reused
};

export function ackErrorOf(error: AppError): AckError {
  return ACK_BY_CODE[error.code] ?? ACK_BY_KIND[error.kind];
}

export function renderAckError(error: AppError, request: FastifyRequest): RenderedError {
  const { status, code } = ackErrorOf(error);
  const body: AckErrorBody = { code, message: safeMessage(error), requestId: request.id };
  return { status, contentType: ACK_CONTENT_TYPE, body };
}

/**
 * The trigger hook answers like ACK's data plane: `code` is the HTTP status as a string (§1.3.4). A bad token
 * and an unknown trigger get the same 404 body, so a caller cannot tell a forged token from a deleted trigger
 * (§1.4).
 */
export function renderAckHookError(error: AppError, request: FastifyRequest): RenderedError {
  const hidden = error.kind === 'unauthenticated' || error.kind === 'not_found';
  const status = hidden ? 404 : error.status;
  const message = hidden ? 'trigger not found' : safeMessage(error);
  const body: AckErrorBody = { code: String(status), message, requestId: request.id };
  return { status, contentType: ACK_CONTENT_TYPE, body };
}

function safeMessage(error: AppError): string {
  return error.kind === 'internal' ? 'An internal error occurred; the requestId identifies it in the server log.' : error.detail;
}
