/**
 * Converts whatever a route, hook or the framework threw into an AppError, once, for every surface: each surface
 * only chooses how to render it. Framework errors are recognised by their stable `code` (FST_ERR_*), never by
 * message text; anything unrecognised becomes INTERNAL (its detail is never shown).
 */
import { AppError, isAppError } from '../../domain/errors.ts';
import { toFieldErrors, type ValidatorIssue } from './validation-errors.ts';

interface FrameworkError {
  code?: string;
  statusCode?: number;
  validation?: ValidatorIssue[];
  validationContext?: string;
}

const BY_FRAMEWORK_CODE: Readonly<Record<string, () => AppError>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: () => new AppError('MALFORMED_BODY', 'The request body is not valid JSON.', { errors: [{ pointer: '/body', detail: 'is not valid JSON' }] }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => new AppError('MALFORMED_BODY', 'The request body is empty but Content-Type says JSON.', { errors: [{ pointer: '/body', detail: 'is empty' }] }),
  FST_ERR_CTP_BODY_TOO_LARGE: () => new AppError('BODY_TOO_LARGE', 'The request body is larger than this server accepts.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new AppError('VALIDATION_FAILED', 'Content-Length does not match the body.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here; send application/json.'),
  FST_ERR_CTP_INVALID_TYPE: () => new AppError('UNSUPPORTED_MEDIA_TYPE', 'The Content-Type header is not valid.'),
  FST_ERR_BAD_URL: () => new AppError('VALIDATION_FAILED', 'The request URL is not valid.'),
  FST_ERR_ASYNC_CONSTRAINT: () => new AppError('VALIDATION_FAILED', 'The request could not be routed.'),
};

export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const fe = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  if (Array.isArray(fe.validation)) {
    const errors = toFieldErrors(fe.validationContext ?? 'body', fe.validation);
    const list = errors.map((e) => `${e.pointer} ${e.detail}`).join('; ');
    return new AppError('VALIDATION_FAILED', `The request is not valid: ${list}.`, { errors, cause: error });
  }
  const known = fe.code ? BY_FRAMEWORK_CODE[fe.code] : undefined;
  if (known) return withCause(known(), error);
  if (error instanceof SyntaxError) return withCause(BY_FRAMEWORK_CODE.FST_ERR_CTP_INVALID_JSON_BODY!(), error);
  if (fe.statusCode === 413) return withCause(BY_FRAMEWORK_CODE.FST_ERR_CTP_BODY_TOO_LARGE!(), error);
  if (fe.statusCode === 415) return withCause(BY_FRAMEWORK_CODE.FST_ERR_CTP_INVALID_MEDIA_TYPE!(), error);
  if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', 'The request could not be processed.', { cause: error });
  }
  return new AppError('INTERNAL', 'Unexpected error.', { cause: error });
}

function withCause(appError: AppError, cause: unknown): AppError {
  return new AppError(appError.code, appError.detail, { errors: appError.errors, cause });
}
