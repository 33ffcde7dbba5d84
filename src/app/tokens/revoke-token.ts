import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { PrincipalCache } from './principal-cache.ts';

/** Deletes a token; this process stops accepting it at once (other replicas within the cache TTL). */
export async function revokeToken(deps: AppDeps, cache: PrincipalCache, accountId: string, id: string): Promise<void> {
  if (!(await deps.store.tokens.delete(accountId, id))) throw notFound('TOKEN_NOT_FOUND', 'Token', id);
  cache.forgetToken(id);
}
