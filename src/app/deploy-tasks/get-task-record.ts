import type { DeployRecord } from '../../domain/deploy-record.ts';
import type { DeployTask } from '../../domain/deploy-task.ts';
import { AppError } from '../../domain/errors.ts';
import type { StoreRepos } from '../ports/store.ts';
import { getDeployTask } from './get-deploy-task.ts';

/**
 * A record of a task: the task must exist and the record must be one of its runs (or rollbacks), else
 * RESOURCE_NOT_FOUND / RECORD_NOT_FOUND — both CodeArts Deploy.00011020, so a record id of another task tells
 * nothing about that task.
 */
export async function getTaskRecord(
  store: Pick<StoreRepos, 'deployTasks' | 'records'>,
  accountId: string,
  taskId: string,
  recordId: string,
): Promise<{ readonly task: DeployTask; readonly record: DeployRecord }> {
  const task = await getDeployTask(store, accountId, taskId);
  const record = await store.records.get(accountId, recordId);
  if (!record || record.taskId !== task.id) throw new AppError('RECORD_NOT_FOUND', `Deploy task ${taskId} has no record ${recordId}.`);
  return { task, record };
}
