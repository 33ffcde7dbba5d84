/**
 * The server could not be reached or did not answer in time: no HTTP response exists. `reason` is the socket
 * error code when there is one (ECONNREFUSED, ENOTFOUND, …) or TIMEOUT; the original error is kept as `cause`.
 */
export class CapstanConnectionError extends Error {
  override name = 'CapstanConnectionError';
  readonly baseUrl: string;
  readonly reason: string;

  constructor(baseUrl: string, reason: string, cause: unknown) {
    super(`cannot reach the Capstan server at ${baseUrl} (${reason})`, { cause });
    this.baseUrl = baseUrl;
    this.reason = reason;
  }

  /** Translates what fetch threw; decided by error name and code, never by message text. */
  static fromFetchError(baseUrl: string, error: unknown): CapstanConnectionError {
    return new CapstanConnectionError(baseUrl, reasonOf(error), error);
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'TIMEOUT';
  // undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), sometimes
  // an AggregateError of one per address tried.
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if (current instanceof AggregateError && current.errors.length > 0) current = current.errors[0];
    else current = current.cause;
  }
  return 'NETWORK_ERROR';
}
