import type { DeployRecord } from '../../domain/deploy-record.ts';
import type { DeployTask } from '../../domain/deploy-task.ts';
import { AppError } from '../../domain/errors.ts';
import type { StoreRepos } from '../ports/store.ts';
import { getDeployTask } from './get-deploy-task.ts';
import { getTaskRecord } from './get-task-record.ts';

/** CodeArts ShowDeployStatus: the given record of the task, or its latest; RECORD_NOT_FOUND when it never ran. */
export async function getTaskRunState(
  store: Pick<StoreRepos, 'deployTasks' | 'records'>,
  accountId: string,
  taskId: string,
  recordId: string | null,
): Promise<{ readonly task: DeployTask; readonly record: DeployRecord }> {
  if (recordId !== null) return getTaskRecord(store, accountId, taskId, recordId);
  const task = await getDeployTask(store, accountId, taskId);
  const [latest] = (await store.records.list(accountId, { taskId, limit: 1 })).items;
  if (!latest) throw new AppError('RECORD_NOT_FOUND', `Deploy task ${taskId} has not run yet.`);
  return { task, record: latest };
}
