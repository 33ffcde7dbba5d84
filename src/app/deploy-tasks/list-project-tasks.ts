import type { DeployRecord } from '../../domain/deploy-record.ts';
import type { DeployTask } from '../../domain/deploy-task.ts';
import type { StoreRepos } from '../ports/store.ts';
import { lastTaskRecord } from './last-task-record.ts';

export interface ProjectTask {
  readonly task: DeployTask;
  readonly last: DeployRecord | null;
}

/** CodeArts ListDeployTasks: one page (1-based `page` of `size`) of a project's tasks, newest first, with each last run. */
export async function listProjectTasks(
  store: Pick<StoreRepos, 'deployTasks' | 'records'>,
  accountId: string,
  query: { readonly projectId: string; readonly page: number; readonly size: number },
): Promise<{ readonly items: ProjectTask[]; readonly total: number }> {
  const { items, total } = await store.deployTasks.listByPosition(accountId, { projectId: query.projectId, offset: (query.page - 1) * query.size, limit: query.size });
  const withLast = await Promise.all(items.map(async (task) => ({ task, last: await lastTaskRecord(store, accountId, task.id) })));
  return { items: withLast, total };
}
