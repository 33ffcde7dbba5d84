import { classify, httpStatus, kubeStatus } from './errors.ts';

/**
 * Q9: transient failures (429, 5xx, request timeouts, dropped connections) are retried with bounded exponential
 * backoff and full jitter, honouring `Retry-After`; every other failure (4xx: validation, RBAC, not found, and 409,
 * which the write loop answers with a fresh read, K15) is returned at once. Retrying a write is safe because every
 * write carries the resourceVersion it was derived from: a write that landed but whose answer was lost comes back
 * as 409 and is re-derived from the fresh object.
 */

export interface RetryPolicy {
  /** Total tries including the first. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5_000 };

export type Sleep = (ms: number) => Promise<void>;

export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function isTransient(error: unknown): boolean {
  const kind = classify(error);
  if (kind === 'timeout' || kind === 'network') return true;
  const status = httpStatus(error);
  return status === 429 || (status !== undefined && status >= 500 && status !== 501);
}

/** Delay before retry number `retry` (1-based): Retry-After when the server gave one, else jittered backoff. */
export function retryDelayMs(error: unknown, retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const retryAfterS = kubeStatus(error)?.retryAfterSeconds;
  if (retryAfterS !== undefined) return Math.min(retryAfterS * 1000, policy.maxDelayMs);
  const ceiling = Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Runs `op` until it succeeds, fails non-transiently, or the attempts run out; rethrows the last raw error. */
export async function withRetry<T>(op: () => Promise<T>, policy: RetryPolicy, wait: Sleep = sleep): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      if (attempt >= policy.attempts || !isTransient(error)) throw error;
      await wait(retryDelayMs(error, attempt, policy));
    }
  }
}
