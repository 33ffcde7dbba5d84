import { isAccessKeyId } from '../../domain/access-key.ts';
import type { Principal } from '../../domain/principal.ts';
import type { AppDeps } from '../deps.ts';

/** What a signature check needs: who signs with the key, and the secret to recompute the signature with. */
export interface ResolvedAccessKey {
  readonly principal: Principal;
  readonly secret: string;
}

// lastUsedAt is informational; writing it on every signed request would turn each read into a write.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Resolves an access key id to its token's principal and the key's secret, or null when the key is unknown or its
 * token has expired (the caller answers both alike). Looked up on every call, without a cache: revoking a key or
 * its token takes effect at once on every replica. The secret is unsealed here and never stored elsewhere.
 */
export async function resolveAccessKey(deps: AppDeps, id: string): Promise<ResolvedAccessKey | null> {
  if (!isAccessKeyId(id)) return null;
  const key = await deps.store.accessKeys.find(id);
  if (!key) return null;
  const token = await deps.store.tokens.get(key.accountId, key.tokenId);
  const now = deps.clock.now();
  if (!token || (token.expiresAt !== null && token.expiresAt <= now)) return null;
  if (key.lastUsedAt === null || now - key.lastUsedAt > TOUCH_INTERVAL_MS) await deps.store.accessKeys.touch(key.id, now);
  if (token.lastUsedAt === null || now - token.lastUsedAt > TOUCH_INTERVAL_MS) await deps.store.tokens.touch(token.id, now);
  return {
    principal: { accountId: token.accountId, tokenId: token.id, tokenName: token.name, role: token.role, accessKeyId: key.id },
    secret: deps.secrets.open(key.secretCiphertext),
  };
}
