/**
 * NetApp Astra Control problem details (seed-apis.md §4.4, §6; N1): RFC 7807 `application/problem+json` whose
 * `type` is `https://astra.netapp.io/problems/<n>`, `status` is a *string*, `correlationID` is the request id.
 * Numbered problems carry Astra's fixed title and detail, so clients comparing them keep working; the specifics
 * travel in `invalidParams` (problems/5, /6), `schemaValidationFailure` (/8) or `invalidFields` (/9, /10), built
 * from AppError.errors. Codes Astra has no number for (409 busy, 413, 415, 429, 5xx) keep Capstan's own problem
 * type, title, detail and status; an internal error's detail is never shown.
 */
import type { FastifyRequest } from 'fastify';
import { codeSlug, type AppError, type ErrorCode, type ErrorKind, type FieldError } from '../../../domain/errors.ts';
import type { RenderedError } from '../../plugins/error-renderer.ts';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from '../../render/problem.ts';

export const ASTRA_PROBLEM_BASE = 'https://astra.netapp.io/problems/';

interface AstraProblem {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
}

// Titles and details as in §4.4 and the seed. /71 and /73 are quoted there only from "..." on, so their details
// are that known tail.
export const ASTRA_PROBLEMS = {
  1: { status: 404, title: 'Resource not found', detail: "The resource specified in the request URI wasn't found." },
  2: { status: 404, title: 'Collection not found', detail: "The collection specified in the request URI wasn't found." },
  3: { status: 401, title: 'Missing bearer token', detail: 'The request is missing the required bearer token.' },
  4: { status: 401, title: 'Invalid bearer token', detail: "The bearer token provided is invalid, revoked, or doesn't exist." },
  5: { status: 400, title: 'Invalid query parameters', detail: 'The supplied query parameters are invalid.' },
  6: { status: 400, title: 'Query parameters not supported', detail: "The supplied query parameters aren't supported for this endpoint." },
  7: { status: 400, title: 'Invalid JSON payload', detail: 'The request body is not valid JSON.' },
  8: { status: 400, title: 'Invalid JSON resource', detail: "The request body JSON doesn't conform to the schema." },
  9: { status: 400, title: 'Invalid JSON resource', detail: "The request body JSON didn't pass extended validation." },
  10: { status: 409, title: 'JSON resource conflict', detail: 'The request body JSON contains a field that conflicts with an idempotent value.' },
  11: { status: 403, title: 'Operation not permitted', detail: "The requested operation isn't permitted." },
  71: { status: 403, title: 'Preloaded hook sources read only', detail: 'Hook source resources with a preloaded value of true are read only.' },
  72: { status: 403, title: 'Hook source referenced by execution hook', detail: "The hook source resource wasn't deleted because it is referenced by an execution hook resource." },
  73: { status: 403, title: 'NetApp execution hooks read only', detail: 'Execution hook resources with a hookType of NetApp are read only.' },
  162: { status: 409, title: 'Post-failover execution hooks not supported', detail: "The application isn't eligible for post-failover execution hooks." },
  168: { status: 403, title: 'Execution hook action not permitted', detail: 'Execution hooks are not enabled in feature settings.' },
} as const satisfies Record<number, AstraProblem>;

export type AstraProblemNumber = keyof typeof ASTRA_PROBLEMS;

/** A problem number, `null` for Capstan's own problem type, or a choice that depends on the request. */
export type AstraRule = AstraProblemNumber | null | ((error: AppError, request: FastifyRequest) => AstraProblemNumber | null);

export interface AstraProblemBody {
  type: string;
  title: string;
  detail: string;
  status: string;
  correlationID: string;
  invalidParams?: { name: string; reason: string }[];
  invalidFields?: { name: string; reason: string }[];
  schemaValidationFailure?: string;
}

// A missing item is problems/2 on GET (and POST into a collection) but /1 on PUT and DELETE, as the spec has it
// (§6.3); an id named in the body that does not exist is a failed extended validation (§4.4: unknown appID).
const notFound: AstraRule = (error, request) =>
  error.errors.some(inBody) ? 9 : ['GET', 'HEAD', 'POST'].includes(request.method) ? 2 : 1;

export const ASTRA_BY_KIND: Readonly<Record<ErrorKind, AstraRule>> = {
  invalid: 9,
  unauthenticated: 4,
  forbidden: 11,
  not_found: notFound,
  conflict: null,
  too_large: null,
  unsupported_media_type: null,
  rate_limited: null,
  upstream: null,
  unavailable: null,
  internal: null,
};

export const ASTRA_BY_CODE: Readonly<Partial<Record<ErrorCode, AstraRule>>> = {
  // Schema failures: on the query string (and path) → /5, on the body → /8.
  VALIDATION_FAILED: (error) => (error.errors.some((e) => !inBody(e)) ? 5 : 8),
  MALFORMED_BODY: 7,
  TOKEN_MISSING: 3,
  READ_ONLY_RESOURCE: 71,
  RESOURCE_IN_USE: 72,
  NAME_TAKEN: 9, // §5.5 [inf]: a duplicate name is a 400 problems/9
  ID_TAKEN: 9,
  FIELD_IMMUTABLE: 10,
  QUERY_PARAM_UNSUPPORTED: 6,
  NETAPP_HOOK_READ_ONLY: 73,
  HOOK_ACTION_UNSUPPORTED: 162,
  HOOKS_DISABLED: 168,
};

/** Field named in invalidFields when the AppError carries no pointer, so the reason is not lost. */
const FIELD_OF_CODE: Readonly<Partial<Record<ErrorCode, string>>> = { NAME_TAKEN: 'name', ID_TAKEN: 'id' };

export function astraProblemOf(error: AppError, request: FastifyRequest): AstraProblemNumber | null {
  const rule = ASTRA_BY_CODE[error.code] ?? ASTRA_BY_KIND[error.kind];
  return typeof rule === 'function' ? rule(error, request) : rule;
}

export function renderAstraError(error: AppError, request: FastifyRequest): RenderedError {
  const n = astraProblemOf(error, request);
  const body = n === null ? ownProblem(error, request) : numberedProblem(n, error, request);
  return { status: Number(body.status), contentType: PROBLEM_CONTENT_TYPE, body };
}

function numberedProblem(n: AstraProblemNumber, error: AppError, request: FastifyRequest): AstraProblemBody {
  const { status, title, detail } = ASTRA_PROBLEMS[n];
  const body: AstraProblemBody = { type: ASTRA_PROBLEM_BASE + n, title, detail, status: String(status), correlationID: request.id };
  if (n === 5 || n === 6) body.invalidParams = error.errors.filter((e) => !inBody(e)).map(toNameReason);
  if (n === 8) body.schemaValidationFailure = schemaFailure(error);
  if (n === 9 || n === 10) body.invalidFields = invalidFields(error);
  return body;
}

function ownProblem(error: AppError, request: FastifyRequest): AstraProblemBody {
  const detail = error.kind === 'internal' ? 'An internal error occurred; the correlationID identifies it in the server log.' : error.detail;
  return { type: PROBLEM_TYPE_BASE + codeSlug(error.code), title: error.title, detail, status: String(error.status), correlationID: request.id };
}

function invalidFields(error: AppError): { name: string; reason: string }[] {
  if (error.errors.length > 0) return error.errors.map(toNameReason);
  return [{ name: FIELD_OF_CODE[error.code] ?? '', reason: error.detail }];
}

function schemaFailure(error: AppError): string {
  if (error.errors.length === 0) return error.detail;
  return error.errors.map((e) => `${fieldName(e.pointer)}: ${e.detail}`).join('; ');
}

function toNameReason(e: FieldError): { name: string; reason: string } {
  return { name: fieldName(e.pointer), reason: e.detail };
}

function inBody(e: FieldError): boolean {
  return e.pointer === '/body' || e.pointer.startsWith('/body/');
}

/**
 * `/query/limit` → `limit`; `/body/matchingCriteria/0/value` → `matchingCriteria[0].value`. The first segment
 * names the request part (validation-errors.ts); the rest is a JSON Pointer (RFC 6901 `~1`, `~0` escapes).
 */
export function fieldName(pointer: string): string {
  const segments = pointer.split('/').slice(2).map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  return segments.reduce((name, s) => (/^\d+$/.test(s) ? `${name}[${s}]` : name === '' ? s : `${name}.${s}`), '');
}
