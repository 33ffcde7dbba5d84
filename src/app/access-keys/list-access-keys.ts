import type { AccessKey } from '../../domain/access-key.ts';
import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { Page, PageQuery } from '../ports/store.ts';

/** The token's access keys, newest first (never their secrets); TOKEN_NOT_FOUND for an unknown token. */
export async function listAccessKeys(deps: AppDeps, accountId: string, tokenId: string, page: PageQuery): Promise<Page<AccessKey>> {
  if (!(await deps.store.tokens.get(accountId, tokenId))) throw notFound('TOKEN_NOT_FOUND', 'Token', tokenId);
  return deps.store.accessKeys.listByToken(accountId, tokenId, page);
}
