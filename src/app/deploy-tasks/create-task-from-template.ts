import { DEFAULT_PROJECT_NAME, hexId, ParamType, type DeployTask } from '../../domain/deploy-task.ts';
import { AppError } from '../../domain/errors.ts';
import { checkParamDefs, MASKED_VALUE, type ParamDefInput } from '../../domain/task-params.ts';
import type { AppDeps } from '../deps.ts';
import { buildTask } from './build-task.ts';

export interface CreateTaskFromTemplateInput {
  readonly accountId: string;
  readonly projectId: string;
  readonly projectName?: string | undefined;
  /** The id of an existing task of the account, used as the template. */
  readonly templateId: string;
  readonly name: string;
  /** Parameter declarations replacing the template's of the same name, or added to them. */
  readonly configs: readonly ParamDefInput[];
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
}

/**
 * CodeArts CreateDeployTaskByTemplate: a new task with the template task's steps, description, trigger rule,
 * timeout, state and parameters, the given `configs` overriding parameters by name. Capstan's templates are
 * deploy tasks (any task can serve as one); the new task remembers its template's id. The template's `encrypt`
 * defaults are copied as ciphertext, never opened. Throws RESOURCE_NOT_FOUND for an unknown template, plus
 * everything createDeployTask throws.
 */
export async function createTaskFromTemplate(
  deps: Pick<AppDeps, 'store' | 'secrets' | 'clock' | 'ids'>,
  input: CreateTaskFromTemplateInput,
): Promise<DeployTask> {
  const configErrors = checkParamDefs(input.configs, '/body/configs');
  if (configErrors.length > 0) {
    throw new AppError('VALIDATION_FAILED', `The configs are not valid: ${configErrors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}.`, { errors: configErrors });
  }
  const template = await deps.store.deployTasks.get(input.accountId, input.templateId);
  if (!template) throw new AppError('RESOURCE_NOT_FOUND', `Deploy template ${input.templateId} does not exist.`);
  const inherited = template.params.map((p): ParamDefInput => (p.type === ParamType.encrypt ? { ...p, value: MASKED_VALUE } : p));
  const params = [
    ...inherited.map((p) => input.configs.find((c) => c.name === p.name) ?? p),
    ...input.configs.filter((c) => !inherited.some((p) => p.name === c.name)),
  ];
  const now = deps.clock.now();
  const task = await buildTask(deps, {
    id: hexId(deps.ids.newId()),
    accountId: input.accountId,
    projectId: input.projectId,
    projectName: input.projectName ?? DEFAULT_PROJECT_NAME,
    templateId: template.id,
    createdBy: input.createdBy,
    createdAt: now,
    updatedAt: now,
  }, { ...template, name: input.name, params }, template);
  await deps.store.deployTasks.insert(task);
  return task;
}
