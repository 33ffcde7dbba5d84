/**
 * Remembers which signed requests this replica has accepted, for as long as their signing time stays within the
 * accepted skew, so the same nonce (or, for nonce-less schemes, the same state-changing signature) is refused the
 * second time.
 *
 * Limits, by design: the memory is per replica and in process. Behind a load balancer a replay sent to another
 * replica is not recognised, and a restart forgets everything; the ±5-minute window still bounds every replay.
 * Use TLS between clients and Capstan, which keeps requests from being captured in the first place.
 *
 * Bounded: at most `maxEntries` keys (fixed-size digests, so an entry's size does not depend on the client).
 * Expired entries are swept when the cache is full; if it is still full, the request is refused with
 * RATE_LIMITED rather than forgetting entries that are still valid (which would reopen the replay window).
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';

export const DEFAULT_REPLAY_CACHE_ENTRIES = 100_000;

export class ReplayCache {
  readonly #entries = new Map<string, number>();
  readonly #maxEntries: number;

  constructor(maxEntries = DEFAULT_REPLAY_CACHE_ENTRIES) {
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * Records `key` until `untilMs`. Returns false when the key is already recorded and not yet expired (a replay).
   * Throws RATE_LIMITED when the cache is full of valid entries.
   */
  claim(key: string, untilMs: number, nowMs: number): boolean {
    const digest = createHash('sha256').update(key).digest('base64url');
    const known = this.#entries.get(digest);
    if (known !== undefined && known > nowMs) return false;
    if (untilMs <= nowMs) return true;
    if (known === undefined && this.#entries.size >= this.#maxEntries) {
      this.#sweep(nowMs);
      if (this.#entries.size >= this.#maxEntries) {
        throw new AppError('RATE_LIMITED', 'Too many signed requests in the last 5 minutes; try again shortly.', { retryAfterS: 1 });
      }
    }
    this.#entries.set(digest, untilMs);
    return true;
  }

  #sweep(nowMs: number): void {
    for (const [digest, until] of this.#entries) if (until <= nowMs) this.#entries.delete(digest);
  }
}
