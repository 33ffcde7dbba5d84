/**
 * RFC 9457 problem details for the native API. `type` is a stable URI per code (documented at /docs/problems),
 * `status` always equals the HTTP status, `title` is fixed per code; `code`, `requestId` and `errors[]` are
 * extension members (§3.2). 5xx details never carry internal messages.
 */
import { codeSlug, type AppError } from '../../domain/errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Problem types resolve at GET /problems/{type} on the server itself; the URI is stable across servers. */
export const PROBLEM_TYPE_BASE = 'https://capstan.dev/problems/';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: { pointer: string; detail: string }[];
}

export function renderProblem(error: AppError, instance: string, requestId: string): ProblemBody {
  const body: ProblemBody = {
    type: PROBLEM_TYPE_BASE + codeSlug(error.code),
    title: error.title,
    status: error.status,
    detail: error.status >= 500 && error.kind === 'internal' ? 'An internal error occurred; the request id identifies it in the server log.' : error.detail,
    instance,
    code: error.code,
    requestId,
  };
  if (error.errors.length > 0) body.errors = error.errors.map((e) => ({ pointer: e.pointer, detail: e.detail }));
  return body;
}
