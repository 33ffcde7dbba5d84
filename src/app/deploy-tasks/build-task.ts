/**
 * Turns a caller's task definition into a stored DeployTask, for create and update alike: every rule of
 * domain/deploy-task-definition.ts, then that the clusters and applications the steps name literally exist, then
 * `encrypt` defaults sealed. An update that sends an `encrypt` default back as the mask (`******`, as every view
 * shows it) keeps the stored secret, so a read-modify-write round trip never overwrites it with the mask.
 */
import { checkTaskDefinition } from '../../domain/deploy-task-definition.ts';
import {
  isApplicationTarget, ParamType, type DeployTask, type TaskParamDef, type TaskState, type TaskStep, type TriggerRule,
} from '../../domain/deploy-task.ts';
import { AppError, type FieldError } from '../../domain/errors.ts';
import { MASKED_VALUE, wholePlaceholder, type ParamDefInput } from '../../domain/task-params.ts';
import type { AppDeps } from '../deps.ts';

/** A task definition as a caller gives it (clear-text defaults). */
export interface TaskDefinitionInput {
  readonly name: string;
  readonly description: string;
  readonly state: TaskState;
  readonly params: readonly ParamDefInput[];
  readonly steps: readonly TaskStep[];
  readonly triggerRule: TriggerRule;
  readonly timeoutSeconds: number;
}

export async function buildTask(
  deps: Pick<AppDeps, 'store' | 'secrets'>,
  base: Omit<DeployTask, 'name' | 'description' | 'state' | 'params' | 'steps' | 'triggerRule' | 'timeoutSeconds'>,
  input: TaskDefinitionInput,
  previous: DeployTask | null,
): Promise<DeployTask> {
  const errors = checkTaskDefinition(input);
  if (errors.length === 0) errors.push(...(await missingTargets(deps, base.accountId, input.steps)));
  if (errors.length > 0) {
    throw new AppError('VALIDATION_FAILED', `The deploy task is not valid: ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}.`, { errors });
  }
  return {
    ...base,
    name: input.name,
    description: input.description,
    state: input.state,
    params: input.params.map((p) => sealed(deps, p, previous)),
    steps: input.steps,
    triggerRule: input.triggerRule,
    timeoutSeconds: input.timeoutSeconds,
  };
}

function sealed(deps: Pick<AppDeps, 'secrets'>, def: ParamDefInput, previous: DeployTask | null): TaskParamDef {
  const base = { name: def.name, type: def.type as TaskParamDef['type'], description: def.description, static: def.static, limits: [...def.limits] };
  if (def.type !== ParamType.encrypt) return { ...base, value: def.value };
  const kept = previous?.params.find((p) => p.name === def.name && p.type === ParamType.encrypt);
  if (def.value === MASKED_VALUE && kept) return { ...base, value: kept.value };
  return { ...base, value: deps.secrets.seal(def.value) };
}

/** Literal cluster and application ids the steps use must exist in the account (host_group ones are checked at start). */
async function missingTargets(deps: Pick<AppDeps, 'store'>, accountId: string, steps: readonly TaskStep[]): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const known = new Map<string, boolean>();
  const exists = async (kind: 'cluster' | 'application', id: string): Promise<boolean> => {
    const key = `${kind}/${id}`;
    let found = known.get(key);
    if (found === undefined) {
      found = kind === 'cluster' ? (await deps.store.clusters.get(accountId, id)) !== null : (await deps.store.applications.get(accountId, id)) !== null;
      known.set(key, found);
    }
    return found;
  };
  for (const [i, step] of steps.entries()) {
    const [kind, field, id] = step.type === 'apply' ? ['cluster', 'clusterId', step.clusterId] as const
      : isApplicationTarget(step.target) ? ['application', 'applicationId', step.target.applicationId] as const
      : ['cluster', 'clusterId', step.target.clusterId] as const;
    if (wholePlaceholder(id) !== null || (await exists(kind, id))) continue;
    errors.push({ pointer: `/body/steps/${i}/${field}`, detail: `names ${kind} ${id}, which does not exist` });
  }
  return errors;
}
