import type { DeployTask, TriggerRule } from '../../domain/deploy-task.ts';
import type { AppDeps } from '../deps.ts';
import { getDeployTask } from './get-deploy-task.ts';

/**
 * Sets who may start the task (CodeArts `trigger_source`: "0" anyone with deploy permission, "1" pipelines only)
 * and the artifact fields that go with a pipeline-only rule. Fields left out keep their value.
 */
export async function setTriggerRule(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  accountId: string,
  taskId: string,
  change: Partial<TriggerRule>,
): Promise<DeployTask> {
  const task = await getDeployTask(deps.store, accountId, taskId);
  const updated: DeployTask = { ...task, triggerRule: { ...task.triggerRule, ...change }, updatedAt: Math.max(deps.clock.now(), task.updatedAt) };
  await deps.store.deployTasks.update(updated);
  return updated;
}
