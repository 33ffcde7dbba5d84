import { ParamType, type DeployTask } from '../../domain/deploy-task.ts';
import { MASKED_VALUE, type ParamDefInput } from '../../domain/task-params.ts';
import type { AppDeps } from '../deps.ts';
import { buildTask, type TaskDefinitionInput } from './build-task.ts';
import { getDeployTask } from './get-deploy-task.ts';

export interface UpdateDeployTaskInput {
  readonly accountId: string;
  readonly taskId: string;
  /** Fields left out keep their stored value (PATCH); a full replace (PUT) gives them all. */
  readonly change: Partial<TaskDefinitionInput>;
}

/**
 * Changes a task's definition; the result passes the same checks as a new task. A run already started keeps the
 * plan it was given. Throws RESOURCE_NOT_FOUND, VALIDATION_FAILED, NAME_TAKEN.
 */
export async function updateDeployTask(deps: Pick<AppDeps, 'store' | 'secrets' | 'clock'>, input: UpdateDeployTaskInput): Promise<DeployTask> {
  const current = await getDeployTask(deps.store, input.accountId, input.taskId);
  const { name, description, state, params, steps, triggerRule, timeoutSeconds, ...base } = current;
  const merged: TaskDefinitionInput = {
    name: input.change.name ?? name,
    description: input.change.description ?? description,
    state: input.change.state ?? state,
    // Stored encrypt defaults go back in as the mask, which build-task.ts turns into "keep the stored secret".
    params: input.change.params ?? params.map((p): ParamDefInput => (p.type === ParamType.encrypt ? { ...p, value: MASKED_VALUE } : p)),
    steps: input.change.steps ?? steps,
    triggerRule: input.change.triggerRule ?? triggerRule,
    timeoutSeconds: input.change.timeoutSeconds ?? timeoutSeconds,
  };
  const task = await buildTask(deps, { ...base, updatedAt: Math.max(deps.clock.now(), current.updatedAt) }, merged, current);
  await deps.store.deployTasks.update(task);
  return task;
}
