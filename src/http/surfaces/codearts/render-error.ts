/**
 * Huawei Cloud CodeArts Deploy error envelope (seed-apis.md §3.4, H8): `{"error":{"code","message"},"status":"failed"}`
 * with the HTTP status. `Deploy.*` and `DEV.CH.10001` are the service's documented codes; `APIGW.*` are Huawei API
 * Gateway codes, used where the gateway would answer (credentials, unknown route, size, throttling, backend
 * failure). The body carries no request id, so an internal error's message names it instead of its detail.
 */
import type { FastifyRequest } from 'fastify';
import type { AppError, ErrorCode, ErrorKind } from '../../../domain/errors.ts';
import type { RenderedError } from '../../plugins/error-renderer.ts';

export interface CodeArtsError {
  readonly status: number;
  readonly code: string;
}

export interface CodeArtsErrorBody {
  error: { code: string; message: string };
  status: 'failed';
}

export const CODEARTS_CONTENT_TYPE = 'application/json';

// §5.5 maps busy/state conflicts to 400 Deploy.00011027 ("being deployed"); a wrong Content-Type is a bad value of
// a documented header parameter, hence DEV.CH.10001.
export const CODEARTS_BY_KIND: Readonly<Record<ErrorKind, CodeArtsError>> = {
  invalid: { status: 400, code: 'DEV.CH.10001' },
  unauthenticated: { status: 401, code: 'APIGW.0301' },
  forbidden: { status: 403, code: 'Deploy.00011154' },
  not_found: { status: 404, code: 'Deploy.00011020' },
  conflict: { status: 400, code: 'Deploy.00011027' },
  too_large: { status: 413, code: 'APIGW.0201' },
  unsupported_media_type: { status: 400, code: 'DEV.CH.10001' },
  rate_limited: { status: 429, code: 'APIGW.0308' },
  upstream: { status: 502, code: 'APIGW.0201' },
  unavailable: { status: 503, code: 'APIGW.0201' },
  internal: { status: 500, code: 'APIGW.0201' },
};

export const CODEARTS_BY_CODE: Readonly<Partial<Record<ErrorCode, CodeArtsError>>> = {
  PIPELINE_ONLY: { status: 403, code: 'Deploy.00011154' }, // trigger_source=1 (H6): "insufficient permissions"
  DEPLOY_IN_PROGRESS: { status: 400, code: 'Deploy.00011027' },
  TASK_DRAFT: { status: 400, code: 'Deploy.00011042' }, // "The draft application cannot be executed"
  // Conflicts that are not "being deployed": stopping a finished record, rolling back to one that changed nothing.
  RECORD_FINISHED: { status: 400, code: 'DEV.CH.10001' },
  RECORD_NOT_ROLLBACKABLE: { status: 400, code: 'DEV.CH.10001' },
  NAME_TAKEN: { status: 400, code: 'Deploy.00011001' }, // "application name already used in the project"
  ID_TAKEN: { status: 400, code: 'Deploy.00011001' },
  FIELD_IMMUTABLE: { status: 400, code: 'DEV.CH.10001' },
  ROUTE_NOT_FOUND: { status: 404, code: 'APIGW.0101' }, // "The API does not exist or has not been published"
};

export function codeArtsErrorOf(error: AppError): CodeArtsError {
  return CODEARTS_BY_CODE[error.code] ?? CODEARTS_BY_KIND[error.kind];
}

export function renderCodeArtsError(error: AppError, request: FastifyRequest): RenderedError {
  const { status, code } = codeArtsErrorOf(error);
  const message = error.kind === 'internal' ? `An internal error occurred; request id ${request.id}.` : error.detail;
  const body: CodeArtsErrorBody = { error: { code, message }, status: 'failed' };
  return { status, contentType: CODEARTS_CONTENT_TYPE, body };
}
