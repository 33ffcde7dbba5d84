/**
 * Deploy tasks and records as CodeArts Deploy renders them (SDK models H2). Times are `yyyy-MM-dd HH:mm:ss` and
 * durations `HH:mm:ss`, in UTC (Huawei's console shows its region's local time; a self-hosted service has no
 * region, so it uses UTC and says so in the docs). A record that is queued reports `running`, as CodeArts has no
 * queued state; Capstan's `stopped` is reported as is. `encrypt` values are always `******`.
 */
import type { Static } from 'typebox';
import { FINAL_RECORD_STATES, type DeployRecord, type DeployStep } from '../../../domain/deploy-record.ts';
import { hexId, isApplicationTarget, type DeployTask, type TaskStep } from '../../../domain/deploy-task.ts';
import type { Principal } from '../../../domain/principal.ts';
import { roleAllows } from '../../../domain/roles.ts';
import { MASKED_VALUE } from '../../../domain/task-params.ts';
import type { ConfigInfo, ExecuteRecordV2Body, StateInfo, StepInfo, TaskInfo, TaskTriggerVo } from './schemas.ts';

export function huaweiTime(ms: number): string;
export function huaweiTime(ms: number | null): string | null;
export function huaweiTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function huaweiDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(total / 3600))}:${two(Math.floor(total / 60) % 60)}:${two(total % 60)}`;
}

export function runStatus(record: DeployRecord): string {
  return record.state === 'queued' ? 'running' : record.state;
}

function recordDuration(record: DeployRecord, now: number): string | null {
  if (record.startedAt === null) return null;
  return huaweiDuration((record.finishedAt ?? now) - record.startedAt);
}

/** ShowDeployStatus `result`. */
export function stateInfo(task: DeployTask, record: DeployRecord, withSteps: boolean, now: number): Static<typeof StateInfo> {
  const final = FINAL_RECORD_STATES.has(record.state);
  const current = record.steps.find((s) => s.state === 'running' || s.state === 'pending')?.index ?? record.steps.length;
  const info = {
    status: runStatus(record), nick_name: record.createdBy?.name ?? null, record_id: record.id, task_id: task.id,
    step: final ? 'finish' : 'running', start_time: huaweiTime(record.startedAt ?? record.createdAt), end_time: huaweiTime(record.finishedAt),
    executor: record.createdBy?.name ?? null, task_name: task.name,
  };
  if (!withSteps) return info;
  const stepState = record.steps.map((s): Static<typeof StepInfo> => ({
    region: regionOf(record.plan[s.index]), id: s.index + 1, offset: s.index, enable: true, name: s.name, current_offset: current,
    elapsed_time: s.startedAt === null ? 0 : Math.max(0, (s.finishedAt ?? now) - s.startedAt), faq_url: '',
  }));
  return { ...info, step_state: stepState };
}

function regionOf(step: DeployStep | undefined): string {
  if (!step) return '';
  if (step.type === 'apply' || step.type === 'restore') return step.clusterId;
  return 'clusterId' in step.target ? step.target.clusterId : '';
}

/** ListDeployTaskHistoryByDate row. */
export function historyRow(record: DeployRecord, now: number): Static<typeof ExecuteRecordV2Body> {
  return {
    execution_id: record.id, release_id: record.releaseId, state: runStatus(record), type: record.type,
    operator: record.createdBy?.name ?? null, nickname: record.createdBy?.name ?? null,
    start_time: huaweiTime(record.startedAt ?? record.createdAt), end_time: huaweiTime(record.finishedAt), duration: recordDuration(record, now),
  };
}

/** ShowExecutionParams: what the record ran with, secrets masked. */
export function executionParams(record: DeployRecord): Static<typeof ConfigInfo>[] {
  return record.params.map((p) => ({ name: p.key, type: p.type, value: p.type === 'encrypt' ? MASKED_VALUE : p.value }));
}

export function taskTriggerVo(task: DeployTask): Static<typeof TaskTriggerVo> {
  const rule = task.triggerRule;
  return { trigger_source: rule.triggerSource, artifact_source_system: rule.artifactSourceSystem, artifact_type: rule.artifactType };
}

// CodeArts role_id: -1 project creator, 4 developer, 7 participant, 8 viewer; 0 the task's creator.
const ROLE_IDS = { admin: -1, member: 4, pipeline: 7, viewer: 8 } as const;

/** ShowDeployTaskDetail / ListDeployTasks item, from the caller's point of view (`can_*`, `role_id`). */
export function taskInfo(
  task: DeployTask,
  last: DeployRecord | null,
  viewer: Principal,
  tenant: { readonly id: string; readonly name: string },
  now: number,
): Static<typeof TaskInfo> {
  const canWrite = roleAllows(viewer.role, 'write');
  const canStart = roleAllows(viewer.role, 'deploy') && (task.triggerRule.triggerSource === '0' || viewer.role === 'pipeline');
  return {
    task_id: task.id, id: task.id, name: task.name, project_id: task.projectId, project_name: task.projectName, deploy_system: 'deployTemplate',
    create_time: huaweiTime(task.createdAt), update_time: huaweiTime(task.updatedAt), state: task.state,
    execution_time: huaweiTime(last?.createdAt ?? null), description: task.description, is_defaut_permission: true, template_id: task.templateId,
    owner: task.createdBy?.name ?? null, nick_name: task.createdBy?.name ?? null, owner_id: task.createdBy?.tokenId ?? null,
    tenant_id: hexId(tenant.id), tenant_name: tenant.name, slave_cluster_id: null, is_care: false,
    can_modify: canWrite, can_delete: canWrite, can_view: true, can_execute: canStart && task.state === 'Available', can_copy: canWrite,
    can_manage: canWrite, can_disable: canWrite, app_component_list: [],
    role_id: task.createdBy?.tokenId === viewer.tokenId ? 0 : ROLE_IDS[viewer.role], release_id: last?.releaseId ?? null, app_id: task.id,
    is_disable: false, duration: last ? recordDuration(last, now) : null, execution_state: last ? runStatus(last) : null,
    executor_id: last?.createdBy?.tokenId ?? null, executor_nick_name: last?.createdBy?.name ?? null,
    steps: Object.fromEntries(task.steps.map((step, i) => [`step${i + 1}`, { id: `step${i + 1}`, name: step.name, params: stepParams(step), enable: step.enabled }])),
  };
}

/** A step's settings as CodeArts' string map (snake_case keys). */
function stepParams(step: TaskStep): Record<string, string> {
  const target: Record<string, string> = step.type === 'apply' ? { cluster_id: step.clusterId, namespace: step.namespace }
    : isApplicationTarget(step.target) ? { application_id: step.target.applicationId }
    : { cluster_id: step.target.clusterId, namespace: step.target.namespace, kind: step.target.kind, workload: step.target.workload };
  switch (step.type) {
    case 'set-image':
      return { type: step.type, ...target, container: step.container, image: step.image, wait_rollout: String(step.waitRollout) };
    case 'restart':
      return { type: step.type, ...target, wait_rollout: String(step.waitRollout) };
    case 'wait-rollout':
      return { type: step.type, ...target, ...(step.timeoutSeconds === null ? {} : { timeout_seconds: String(step.timeoutSeconds) }) };
    case 'apply':
      return { type: step.type, ...target, manifest: step.manifest };
  }
}
