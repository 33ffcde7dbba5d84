import { DEFAULT_PROJECT_NAME, defaultProjectId, hexId, type DeployTask } from '../../domain/deploy-task.ts';
import type { AppDeps } from '../deps.ts';
import { buildTask, type TaskDefinitionInput } from './build-task.ts';

export interface CreateDeployTaskInput extends TaskDefinitionInput {
  readonly accountId: string;
  /** The account's own project when not given. */
  readonly projectId?: string | undefined;
  readonly projectName?: string | undefined;
  readonly templateId?: string | null | undefined;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
}

/**
 * Creates a deploy task with a new 32-hex id. Throws VALIDATION_FAILED naming every field that breaks a rule
 * (build-task.ts), NAME_TAKEN when the project already has a task of that name.
 */
export async function createDeployTask(deps: Pick<AppDeps, 'store' | 'secrets' | 'clock' | 'ids'>, input: CreateDeployTaskInput): Promise<DeployTask> {
  const now = deps.clock.now();
  const task = await buildTask(deps, {
    id: hexId(deps.ids.newId()),
    accountId: input.accountId,
    projectId: input.projectId ?? defaultProjectId(input.accountId),
    projectName: input.projectName ?? DEFAULT_PROJECT_NAME,
    templateId: input.templateId ?? null,
    createdBy: input.createdBy,
    createdAt: now,
    updatedAt: now,
  }, input, null);
  await deps.store.deployTasks.insert(task);
  return task;
}
