/**
 * Per-trigger rate limit (W4: "rate-limited per token"): a token bucket per trigger whose capacity and refill are
 * the trigger's `rateLimitPerMinute` (a burst of the whole minute's budget, refilled evenly). Checked after the
 * token is verified, so strangers cannot spend a trigger's budget.
 *
 * State is per process: with N API replicas behind a balancer a trigger accepts up to N × its limit. Buckets of
 * triggers that stopped calling are dropped when the map reaches its bound (the oldest first).
 */
import { AppError } from '../../domain/errors.ts';
import type { Trigger } from '../../domain/trigger.ts';

interface Bucket {
  tokens: number;
  at: number;
  limit: number;
}

export class TriggerRateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxBuckets: number;

  constructor(maxBuckets = 100_000) {
    this.#maxBuckets = maxBuckets;
  }

  /** Takes one call from the trigger's budget; throws RATE_LIMITED (with Retry-After) when it is spent. */
  take(trigger: Pick<Trigger, 'id' | 'rateLimitPerMinute'>, now: number): void {
    const limit = trigger.rateLimitPerMinute;
    if (limit === null) return;
    const perMs = limit / 60_000;
    let bucket = this.#buckets.get(trigger.id);
    if (bucket === undefined || bucket.limit !== limit) {
      bucket = { tokens: limit, at: now, limit };
      if (this.#buckets.size >= this.#maxBuckets) this.#buckets.delete(this.#buckets.keys().next().value as string);
      this.#buckets.set(trigger.id, bucket);
    } else {
      bucket.tokens = Math.min(limit, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
      bucket.at = now;
    }
    if (bucket.tokens < 1) {
      const retryAfterS = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      throw new AppError('RATE_LIMITED', `This trigger accepts ${limit} calls per minute; try again in ${retryAfterS} s.`, { retryAfterS });
    }
    bucket.tokens -= 1;
  }
}
