import { AppError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { taskNotFound } from './get-deploy-task.ts';

/**
 * Deletes a task. Refused with DEPLOY_IN_PROGRESS while one of its records is queued or running (stop it first);
 * its finished records stay in the history (they carry the task id, not a reference to the row).
 */
export async function deleteDeployTask(deps: Pick<AppDeps, 'store'>, accountId: string, taskId: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const active = await tx.records.activeForTask(accountId, taskId);
    if (active) throw new AppError('DEPLOY_IN_PROGRESS', `Deploy task ${taskId} is running record ${active.id}; stop it before deleting the task.`);
    if (!(await tx.deployTasks.delete(accountId, taskId))) throw taskNotFound(taskId);
  });
}
