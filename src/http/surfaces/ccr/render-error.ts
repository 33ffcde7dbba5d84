/**
 * Tencent Cloud CCR API 2.0 error envelope (seed-apis.md §2.4, §5.5): `{code: <int>, codeDesc, message}`, always
 * with HTTP 200 ("200 for every processed request"). `code` is a public 2.0 code (T5); `codeDesc` carries the
 * API 3.0 error code string, which render-error-v3.ts reuses as `Error.Code`, so both generations share this one
 * mapping. The 2.0 body has no request id, so an internal error's message names it instead of its detail.
 */
import type { FastifyRequest } from 'fastify';
import type { AppError, ErrorCode, ErrorKind } from '../../../domain/errors.ts';
import type { RenderedError } from '../../plugins/error-renderer.ts';

export interface TencentError {
  /** API 2.0 public code (T5). */
  readonly code: number;
  /** API 3.0 code string (T7, T10 common codes); the 2.0 `codeDesc`. */
  readonly codeDesc: string;
}

export interface CcrErrorBody {
  code: number;
  codeDesc: string;
  message: string;
}

export const CCR_CONTENT_TYPE = 'application/json';

export const TENCENT_BY_KIND: Readonly<Record<ErrorKind, TencentError>> = {
  invalid: { code: 4000, codeDesc: 'InvalidParameter' },
  unauthenticated: { code: 4100, codeDesc: 'AuthFailure' },
  forbidden: { code: 4300, codeDesc: 'OperationDenied' },
  not_found: { code: 5000, codeDesc: 'ResourceNotFound' },
  conflict: { code: 5100, codeDesc: 'FailedOperation' },
  too_large: { code: 4000, codeDesc: 'RequestSizeLimitExceeded' },
  unsupported_media_type: { code: 4000, codeDesc: 'InvalidRequest' },
  rate_limited: { code: 4400, codeDesc: 'RequestLimitExceeded' },
  upstream: { code: 5100, codeDesc: 'FailedOperation' },
  unavailable: { code: 6200, codeDesc: 'ResourceUnavailable' },
  internal: { code: 6000, codeDesc: 'InternalError' },
};

export const TENCENT_BY_CODE: Readonly<Partial<Record<ErrorCode, TencentError>>> = {
  TOKEN_INVALID: { code: 4104, codeDesc: 'AuthFailure.SecretIdNotFound' }, // 4104: the key does not exist
  SIGNATURE_INVALID: { code: 4100, codeDesc: 'AuthFailure.SignatureFailure' },
  SIGNATURE_EXPIRED: { code: 4500, codeDesc: 'AuthFailure.SignatureExpire' }, // 4500: replay / timestamp skew
  SIGNATURE_REPLAYED: { code: 4500, codeDesc: 'AuthFailure.SignatureExpire' }, // 4500 covers a reused Nonce; 3.0 has no own code
  ROLE_FORBIDS_ACTION: { code: 4101, codeDesc: 'UnauthorizedOperation' }, // 4101: not authorised for the API
  // Triggers are the only resource the CCR surface addresses by name, and the account is the 2.0 "user".
  RESOURCE_NOT_FOUND: { code: 5000, codeDesc: 'ResourceNotFound.ErrNoTrigger' },
  ACCOUNT_NOT_FOUND: { code: 5000, codeDesc: 'ResourceNotFound.ErrNoUser' },
  ROUTE_NOT_FOUND: { code: 4000, codeDesc: 'InvalidAction' },
  NAME_TAKEN: { code: 4000, codeDesc: 'InvalidParameter.ErrTriggerExist' },
  PARAM_MISSING: { code: 4000, codeDesc: 'MissingParameter' },
  PARAM_UNKNOWN: { code: 4000, codeDesc: 'UnknownParameter' },
  FIELD_IMMUTABLE: { code: 4000, codeDesc: 'InvalidParameter' },
  RESOURCE_IN_USE: { code: 5100, codeDesc: 'ResourceInUse' },
  CLUSTER_IN_USE: { code: 5100, codeDesc: 'ResourceInUse' },
};

export function tencentErrorOf(error: AppError): TencentError {
  return TENCENT_BY_CODE[error.code] ?? TENCENT_BY_KIND[error.kind];
}

export function renderCcrError(error: AppError, request: FastifyRequest): RenderedError {
  const { code, codeDesc } = tencentErrorOf(error);
  const message = error.kind === 'internal' ? `An internal error occurred; request id ${request.id}.` : error.detail;
  const body: CcrErrorBody = { code, codeDesc, message };
  return { status: 200, contentType: CCR_CONTENT_TYPE, body };
}
