import { hash } from 'node:crypto';
import type { SecretBox } from '../ports/secret-box.ts';
import { MAX_TOKEN_LENGTH, verifyTriggerToken, type TriggerTokenClaims } from './trigger-token.ts';

/**
 * Remembers the claims of trigger tokens whose signature checked out, so a trigger called over and over pays one
 * SHA-256 of its token instead of an HMAC (whose key set-up alone measured ~2.4 µs per call under load,
 * bench/trigger-url.bench.ts) and a decode. Keys are the tokens' SHA-256, never the tokens, so the cache holds no
 * credential. Sound because a token's claims never change (its signature covers them) and revocation is the
 * trigger row's deletion, which every call's lookup by `jti` still checks. A forged token has another hash and is
 * verified in full. Bounded: cleared when full.
 */
export class TriggerTokenCache {
  readonly #secrets: SecretBox;
  readonly #maxEntries: number;
  readonly #claims = new Map<string, TriggerTokenClaims>();

  constructor(secrets: SecretBox, maxEntries = 10_000) {
    this.#secrets = secrets;
    this.#maxEntries = maxEntries;
  }

  /** As verifyTriggerToken: the claims of a token Capstan signed, or null. */
  verify(token: string): TriggerTokenClaims | null {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    const key = hash('sha256', token, 'base64');
    const known = this.#claims.get(key);
    if (known !== undefined) return known;
    const claims = verifyTriggerToken(this.#secrets, token);
    if (claims !== null) {
      if (this.#claims.size >= this.#maxEntries) this.#claims.clear();
      this.#claims.set(key, claims);
    }
    return claims;
  }

  get size(): number {
    return this.#claims.size;
  }
}
