import type { Principal } from '../../domain/principal.ts';

/**
 * Remembers resolved bearer tokens for a few seconds so an authenticated request needs no database round trip
 * (the auth lookup was most of a no-op request's cost; bench/auth-noop.bench.ts). Revocation through this
 * process takes effect at once (`forgetToken`); on other replicas within `ttlMs` (the same trade-off as the
 * Kubernetes API server's token-webhook cache, whose default TTL is 2 minutes). Keys are token hashes, never
 * secrets. Bounded: the cache is cleared when full.
 */
export class PrincipalCache {
  readonly #entries = new Map<string, { principal: Principal; until: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;

  constructor(ttlMs: number, maxEntries = 10_000) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
  }

  get(secretHash: string, now: number): Principal | null {
    const entry = this.#entries.get(secretHash);
    if (!entry) return null;
    if (entry.until <= now) {
      this.#entries.delete(secretHash);
      return null;
    }
    return entry.principal;
  }

  /** `notAfter`: the token's own expiry, which the cache never outlives. */
  set(secretHash: string, principal: Principal, now: number, notAfter: number | null): void {
    if (this.#ttlMs <= 0) return;
    if (this.#entries.size >= this.#maxEntries) this.#entries.clear();
    this.#entries.set(secretHash, { principal, until: Math.min(now + this.#ttlMs, notAfter ?? Infinity) });
  }

  forgetToken(tokenId: string): void {
    for (const [hash, entry] of this.#entries) if (entry.principal.tokenId === tokenId) this.#entries.delete(hash);
  }
}
