import type { DeployRecord } from '../../domain/deploy-record.ts';
import { AppError } from '../../domain/errors.ts';
import type { StoreRepos } from '../ports/store.ts';
import { getDeployTask } from './get-deploy-task.ts';

export interface TaskHistoryQuery {
  readonly accountId: string;
  readonly projectId: string;
  readonly taskId: string;
  /** Inclusive epoch-ms window on the records' creation time. */
  readonly from: number;
  readonly to: number;
  /** Records to skip (newest first) and page size. */
  readonly offset: number;
  readonly limit: number;
}

/**
 * CodeArts ListDeployTaskHistoryByDate: a task's records (runs and rollbacks) created in a window, newest first,
 * one page by position (the store's `offset`), with the window's total. The task must be in the named project
 * (else RESOURCE_NOT_FOUND). Positional pages can shift by one when a run starts between two calls; CodeArts pages
 * that way, and its `size` is at most 100.
 */
export async function listTaskHistory(store: Pick<StoreRepos, 'deployTasks' | 'records'>, query: TaskHistoryQuery): Promise<{ readonly items: DeployRecord[]; readonly total: number }> {
  const task = await getDeployTask(store, query.accountId, query.taskId);
  if (task.projectId !== query.projectId) throw new AppError('RESOURCE_NOT_FOUND', `Project ${query.projectId} has no deploy task ${query.taskId}.`);
  const filter = { taskId: task.id, from: query.from, to: query.to };
  const total = await store.records.count(query.accountId, filter);
  if (query.offset >= total) return { items: [], total };
  const page = await store.records.list(query.accountId, { ...filter, offset: query.offset, limit: query.limit });
  return { items: page.items, total };
}
