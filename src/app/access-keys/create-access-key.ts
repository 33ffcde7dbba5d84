import { freeSlot, MAX_ACCESS_KEYS_PER_TOKEN, type AccessKey } from '../../domain/access-key.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { newAccessKeyId, newAccessKeySecret } from './access-key-secret.ts';

/**
 * Gives a token an access key pair and returns the secret: the only time it exists outside the caller's hands
 * (the store keeps it sealed). Throws TOKEN_NOT_FOUND, or ACCESS_KEY_LIMIT when the token already has
 * MAX_ACCESS_KEYS_PER_TOKEN keys (also when a concurrent creation took the last slot first).
 */
export async function createAccessKey(deps: AppDeps, accountId: string, tokenId: string): Promise<{ key: AccessKey; secret: string }> {
  const token = await deps.store.tokens.get(accountId, tokenId);
  if (!token) throw notFound('TOKEN_NOT_FOUND', 'Token', tokenId);
  const existing = await deps.store.accessKeys.listByToken(accountId, tokenId, { limit: MAX_ACCESS_KEYS_PER_TOKEN });
  const slot = freeSlot(existing.items);
  if (slot === null) {
    throw new AppError('ACCESS_KEY_LIMIT', `Token ${tokenId} already has ${MAX_ACCESS_KEYS_PER_TOKEN} access keys; delete one first.`);
  }
  const secret = newAccessKeySecret();
  const key: AccessKey = {
    id: newAccessKeyId(),
    accountId,
    tokenId,
    slot,
    secretCiphertext: deps.secrets.seal(secret),
    createdAt: deps.clock.now(),
    lastUsedAt: null,
  };
  await deps.store.accessKeys.insert(key);
  return { key, secret };
}
