import type { WatchedRepository } from '../../domain/watched-repository.ts';
import type { AppDeps } from '../deps.ts';
import type { Page, PageQuery } from '../ports/store.ts';

/** Newest first, keyset-paged. */
export function listWatchedRepositories(deps: AppDeps, accountId: string, page: PageQuery): Promise<Page<WatchedRepository>> {
  return deps.store.watchedRepositories.list(accountId, page);
}
