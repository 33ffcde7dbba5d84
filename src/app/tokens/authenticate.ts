import { AppError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import type { AppDeps } from '../deps.ts';
import type { PrincipalCache } from './principal-cache.ts';
import { hashTokenSecret } from './token-secret.ts';

// lastUsedAt is informational; writing it on every request would turn each read into a write.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Resolves a bearer secret to its principal. Unknown, malformed and expired tokens all answer TOKEN_INVALID with
 * the same detail, so a caller learns nothing about which tokens exist.
 */
export async function authenticate(deps: AppDeps, secret: string, cache?: PrincipalCache): Promise<Principal> {
  const secretHash = hashTokenSecret(secret);
  const now = deps.clock.now();
  const cached = cache?.get(secretHash, now);
  if (cached) return cached;
  const token = await deps.store.tokens.findBySecretHash(secretHash);
  if (!token || (token.expiresAt !== null && token.expiresAt <= now)) {
    throw new AppError('TOKEN_INVALID', 'The token is not valid or has expired.');
  }
  if (token.lastUsedAt === null || now - token.lastUsedAt > TOUCH_INTERVAL_MS) {
    await deps.store.tokens.touch(token.id, now);
  }
  const principal: Principal = { accountId: token.accountId, tokenId: token.id, tokenName: token.name, role: token.role };
  cache?.set(secretHash, principal, now, token.expiresAt);
  return principal;
}
