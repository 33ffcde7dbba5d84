import { notFound } from '../../domain/errors.ts';
import type { WatchedRepository } from '../../domain/watched-repository.ts';
import type { AppDeps } from '../deps.ts';

/** Throws WATCHED_REPOSITORY_NOT_FOUND when the account has no such watch. */
export async function getWatchedRepository(deps: AppDeps, accountId: string, id: string): Promise<WatchedRepository> {
  const watch = await deps.store.watchedRepositories.get(accountId, id);
  if (!watch) throw notFound('WATCHED_REPOSITORY_NOT_FOUND', 'Watched repository', id);
  return watch;
}
