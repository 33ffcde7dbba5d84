import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';

/** Stops watching: the queued poll finds the watch gone and ends its chain. Accepted events stay. */
export async function deleteWatchedRepository(deps: AppDeps, accountId: string, id: string): Promise<void> {
  if (!(await deps.store.watchedRepositories.delete(accountId, id))) throw notFound('WATCHED_REPOSITORY_NOT_FOUND', 'Watched repository', id);
}
