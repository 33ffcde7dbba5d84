/**
 * API token secrets: `cap_` + 32 random bytes (base64url). Only the SHA-256 is stored; a fast hash is right here
 * because the secret has 256 bits of entropy, so it cannot be guessed from its hash (unlike a password).
 */
import { hash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'cap_';

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashTokenSecret(secret: string): string {
  // One-shot hash: a third of createHash()'s cost, and this runs on every authenticated request.
  return hash('sha256', secret, 'hex');
}

/** What lists show so an operator can tell tokens apart: never enough to use it. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, TOKEN_PREFIX.length + 6);
}
