import type { RecordOrigin, RecordParam } from '../../domain/deploy-record.ts';
import { targetRefs, taskPlan, type TargetRef } from '../../domain/deploy-task-plan.ts';
import { ParamType, type DeployTask, type TriggerSource } from '../../domain/deploy-task.ts';
import { AppError, type FieldError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { roleAllows } from '../../domain/roles.ts';
import { resolveRunParams, type ParamValueInput } from '../../domain/task-params.ts';
import type { AppDeps } from '../deps.ts';
import type { StoreRepos } from '../ports/store.ts';
import { rollbackRecord } from '../records/rollback-record.ts';
import { startRecord, type StartedRecord } from '../records/start-record.ts';
import { getDeployTask } from './get-deploy-task.ts';

export interface StartDeployTaskInput {
  readonly accountId: string;
  readonly taskId: string;
  readonly principal: Principal;
  readonly params: readonly ParamValueInput[];
  /** Pointer of the params list in the request, for errors about the list itself. */
  readonly paramsPointer: string;
  /** Roll back to this record of the task instead of running the steps (CodeArts `record_id`). */
  readonly recordId?: string | null | undefined;
  readonly recordIdPointer?: string;
  /** CodeArts `trigger_source` on the start: sets the task's rule for this and later starts. */
  readonly triggerSource?: TriggerSource | undefined;
}

/**
 * Starts a task (CodeArts StartDeployTask, seed-apis.md §3.3): writes a deploy record and its job in one
 * transaction, and only then returns (the caller answers with the record). In order:
 *
 * 1. the task exists (RESOURCE_NOT_FOUND → Deploy.00011020);
 * 2. `trigger_source`, when it changes the rule: tightening to "1" needs the `deploy` permission the route already
 *    checked; loosening to "0" needs `write` (ROLE_FORBIDS_ACTION) — a pipeline cannot unlock what it locked.
 *    The new rule applies to this start, and is stored only if the start is accepted;
 * 3. a Draft task cannot run (TASK_DRAFT → Deploy.00011042);
 * 4. a pipeline-only task refuses any token that is not a `pipeline` token (PIPELINE_ONLY → Deploy.00011154);
 * 5. with `recordId`: a rollback (records/rollback-record.ts) to that record, which must belong to this task
 *    (else RECORD_NOT_FOUND → Deploy.00011020); parameters cannot be given with it — a rollback restores what
 *    that record deployed, not a new input;
 * 6. otherwise the parameters are validated against the declarations (PARAM_INVALID naming every bad field),
 *    host_group parameters choose clusters/applications that must exist, and the enabled steps become the plan;
 * 7. one run at a time per task: DEPLOY_IN_PROGRESS (→ Deploy.00011027) while another is queued or running — the
 *    store's partial unique index decides when two starts race.
 */
export async function startDeployTask(deps: Pick<AppDeps, 'store' | 'secrets' | 'clock' | 'ids'>, input: StartDeployTaskInput): Promise<StartedRecord> {
  const task = await getDeployTask(deps.store, input.accountId, input.taskId);
  const rule = input.triggerSource ?? task.triggerRule.triggerSource;
  const ruleChanged = rule !== task.triggerRule.triggerSource;
  if (ruleChanged && rule === '0' && !roleAllows(input.principal.role, 'write')) {
    throw new AppError('ROLE_FORBIDS_ACTION', `A ${input.principal.role} token cannot lift the task's pipeline-only rule (trigger_source "0" needs write).`);
  }
  if (task.state === 'Draft') throw new AppError('TASK_DRAFT', `Deploy task ${task.name} is a draft; make it Available before starting it.`);
  if (rule === '1' && input.principal.role !== 'pipeline') {
    throw new AppError('PIPELINE_ONLY', `Deploy task ${task.name} may only be started by a pipeline (trigger_source "1"); this is a ${input.principal.role} token.`);
  }
  const origin: RecordOrigin = input.principal.role === 'pipeline' ? 'pipeline' : 'api';
  const createdBy = { tokenId: input.principal.tokenId, name: input.principal.tokenName };
  // Only the rule changes, on the task as stored at that moment (not the copy read above), so a concurrent edit of
  // the task's other fields is not overwritten.
  const storeRule = async (store: Pick<StoreRepos, 'deployTasks'>): Promise<void> => {
    const current = await getDeployTask(store, task.accountId, task.id);
    await store.deployTasks.update({ ...current, triggerRule: { ...current.triggerRule, triggerSource: rule }, updatedAt: Math.max(deps.clock.now(), current.updatedAt) });
  };

  if (input.recordId !== undefined && input.recordId !== null) {
    if (input.params.length > 0) {
      throw new AppError('PARAM_INVALID', 'Parameters cannot be given with record_id: a rollback restores what that record deployed.', {
        errors: [{ pointer: input.paramsPointer, detail: 'must be empty when rolling back to a record' }],
      });
    }
    const started = await rollbackRecord(deps, { accountId: task.accountId, recordId: input.recordId, taskId: task.id, origin, createdBy, timeoutMs: task.timeoutSeconds * 1000 });
    // The rollback commits in its own transaction; the rule follows once it was accepted.
    if (ruleChanged) await storeRule(deps.store);
    return started;
  }

  const resolved = resolveRunParams(task.params, input.params, input.paramsPointer, (clear) => deps.secrets.seal(clear));
  if (resolved.errors.length > 0) throw paramsInvalid(resolved.errors);
  const hostGroups = new Map(resolved.params.filter((p) => p.type === ParamType.hostGroup).map((p) => [p.key, p.value]));
  await checkTargets(deps, task, targetRefs(task, hostGroups), input);
  const plan = taskPlan(task, hostGroups);
  return deps.store.transaction(async (tx) => {
    if (ruleChanged) await storeRule(tx);
    const active = await tx.records.activeForTask(task.accountId, task.id);
    if (active) throw new AppError('DEPLOY_IN_PROGRESS', `Deploy task ${task.name} is already deploying (record ${active.id} is ${active.state}).`);
    return startRecord(deps, tx, {
      accountId: task.accountId, type: 'deploy', origin, hookAction: 'deploy', plan, params: resolved.params satisfies RecordParam[],
      taskId: task.id, createdBy, timeoutMs: task.timeoutSeconds * 1000, serialKey: `task/${task.id}`,
    });
  });
}

function paramsInvalid(errors: readonly FieldError[]): AppError {
  return new AppError('PARAM_INVALID', `The parameters are not valid: ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}.`, { errors });
}

/** Clusters and applications chosen by the run must exist; a host_group value that names none is the caller's error. */
async function checkTargets(deps: Pick<AppDeps, 'store'>, task: DeployTask, refs: readonly TargetRef[], input: StartDeployTaskInput): Promise<void> {
  const errors: FieldError[] = [];
  for (const ref of refs) {
    const exists = ref.kind === 'cluster'
      ? (await deps.store.clusters.get(task.accountId, ref.id)) !== null
      : (await deps.store.applications.get(task.accountId, ref.id)) !== null;
    if (exists) continue;
    if (ref.param === null) {
      throw new AppError(ref.kind === 'cluster' ? 'CLUSTER_NOT_FOUND' : 'APPLICATION_NOT_FOUND', `Deploy task ${task.name} acts on ${ref.kind} ${ref.id}, which no longer exists.`);
    }
    const given = input.params.find((p) => p.key === ref.param);
    errors.push({
      pointer: given ? (given.flat ? given.pointer : `${given.pointer}/value`) : input.paramsPointer,
      detail: `host group "${ref.param}" is ${ref.id}, which names no ${ref.kind}${given ? '' : ' (the default value)'}`,
    });
  }
  if (errors.length > 0) throw paramsInvalid(errors);
}
