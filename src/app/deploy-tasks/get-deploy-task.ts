import type { DeployTask } from '../../domain/deploy-task.ts';
import { AppError } from '../../domain/errors.ts';
import type { StoreRepos } from '../ports/store.ts';

/** The account's task, or RESOURCE_NOT_FOUND (CodeArts Deploy.00011020, "does not exist or was deleted"). */
export async function getDeployTask(store: Pick<StoreRepos, 'deployTasks'>, accountId: string, taskId: string): Promise<DeployTask> {
  const task = await store.deployTasks.get(accountId, taskId);
  if (!task) throw taskNotFound(taskId);
  return task;
}

export function taskNotFound(taskId: string): AppError {
  return new AppError('RESOURCE_NOT_FOUND', `Deploy task ${taskId} does not exist.`);
}
