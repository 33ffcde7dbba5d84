import type { DeployTask } from '../../domain/deploy-task.ts';
import type { DeployTaskListQuery } from '../ports/deploy-task-repo.ts';
import type { Page, StoreRepos } from '../ports/store.ts';

/** The native task list: newest first, keyset-paged, optionally one project's. */
export function listDeployTasks(store: Pick<StoreRepos, 'deployTasks'>, accountId: string, query: DeployTaskListQuery): Promise<Page<DeployTask>> {
  return store.deployTasks.list(accountId, query);
}
