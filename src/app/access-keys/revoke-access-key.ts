import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Deletes an access key. Signed requests look the key up on every call (nothing is cached), so the key stops
 * working at once on every replica. TOKEN_NOT_FOUND / ACCESS_KEY_NOT_FOUND when either does not exist.
 */
export async function revokeAccessKey(deps: AppDeps, accountId: string, tokenId: string, id: string): Promise<void> {
  if (await deps.store.accessKeys.delete(accountId, tokenId, id)) return;
  if (!(await deps.store.tokens.get(accountId, tokenId))) throw notFound('TOKEN_NOT_FOUND', 'Token', tokenId);
  throw notFound('ACCESS_KEY_NOT_FOUND', 'Access key', id);
}
