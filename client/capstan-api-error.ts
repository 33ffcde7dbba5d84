import type { FieldProblem, ProblemDetails } from './types.ts';

/**
 * The server answered with an error status. Carries the RFC 9457 problem details (`code` is the stable value to
 * branch on, never `message`). A response that is not problem+json (a proxy's HTML page) still becomes one, with
 * the code `HTTP_<status>` and no body text, so callers handle a single error type.
 */
export class CapstanApiError extends Error {
  override name = 'CapstanApiError';
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly FieldProblem[];
  readonly requestId: string | null;
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(problem.detail || problem.title);
    this.problem = problem;
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId ?? null;
  }

  /** Builds the error from a response body already parsed as JSON (or null when it was not JSON). */
  static fromResponse(status: number, statusText: string, body: unknown): CapstanApiError {
    if (isProblem(body)) return new CapstanApiError({ ...body, status });
    return new CapstanApiError({
      type: 'about:blank', title: statusText || `HTTP ${status}`, status, detail: '', code: `HTTP_${status}`,
    });
  }
}

function isProblem(body: unknown): body is ProblemDetails {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.code === 'string' && typeof b.title === 'string' && typeof b.detail === 'string' &&
    (b.errors === undefined || Array.isArray(b.errors));
}
