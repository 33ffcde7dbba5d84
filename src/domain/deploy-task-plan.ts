/**
 * A task's enabled steps as a deploy-record plan (domain/deploy-record.ts). Cluster and application fields that are
 * `${param}` of a `host_group` parameter are resolved here, at start, from the run's values (they choose where the
 * run acts, so they are part of the fixed plan); `${param}` in images and manifests stays for the runner, which
 * opens `encrypt` values only while it fills them.
 */
import type { DeployStep, StepTarget } from './deploy-record.ts';
import { AppError } from './errors.ts';
import { isApplicationTarget, type DeployTask, type TaskStep, type TaskTarget } from './deploy-task.ts';
import { wholePlaceholder } from './task-params.ts';

/** A cluster or application a run will act on, and the host_group parameter that chose it (null when literal). */
export interface TargetRef {
  readonly kind: 'cluster' | 'application';
  readonly id: string;
  readonly param: string | null;
}

/** Host-group values of a run (parameter name → clear value); host_group values are never encrypted. */
export type HostGroups = ReadonlyMap<string, string>;

export function taskPlan(task: DeployTask, hostGroups: HostGroups): DeployStep[] {
  return task.steps.filter((s) => s.enabled).map((step) => planStep(step, hostGroups));
}

/** Every cluster and application the enabled steps act on, resolved, so a start can check they exist. */
export function targetRefs(task: DeployTask, hostGroups: HostGroups): TargetRef[] {
  const refs: TargetRef[] = [];
  const add = (kind: TargetRef['kind'], raw: string): void => {
    const param = wholePlaceholder(raw);
    const id = resolve(raw, hostGroups);
    if (!refs.some((r) => r.kind === kind && r.id === id && r.param === param)) refs.push({ kind, id, param });
  };
  for (const step of task.steps.filter((s) => s.enabled)) {
    if (step.type === 'apply') add('cluster', step.clusterId);
    else if (isApplicationTarget(step.target)) add('application', step.target.applicationId);
    else add('cluster', step.target.clusterId);
  }
  return refs;
}

function planStep(step: TaskStep, hostGroups: HostGroups): DeployStep {
  switch (step.type) {
    case 'set-image':
      return {
        type: 'set-image', name: step.name,
        target: { clusterId: resolve(step.target.clusterId, hostGroups), workload: workloadOf(step.target) },
        container: step.container, image: step.image, waitRollout: step.waitRollout,
      };
    case 'restart':
      return { type: 'restart', name: step.name, target: stepTarget(step.target, hostGroups), waitRollout: step.waitRollout };
    case 'wait-rollout':
      return {
        type: 'wait-rollout', name: step.name, target: stepTarget(step.target, hostGroups),
        ...(step.timeoutSeconds === null ? {} : { timeoutMs: step.timeoutSeconds * 1000 }),
      };
    case 'apply':
      return { type: 'apply', name: step.name, clusterId: resolve(step.clusterId, hostGroups), namespace: step.namespace, manifest: step.manifest };
  }
}

function stepTarget(target: TaskTarget, hostGroups: HostGroups): StepTarget {
  if (isApplicationTarget(target)) return { applicationId: resolve(target.applicationId, hostGroups) };
  return { clusterId: resolve(target.clusterId, hostGroups), workload: workloadOf(target) };
}

function workloadOf(target: Exclude<TaskTarget, { applicationId: string }>) {
  return { namespace: target.namespace, kind: target.kind, name: target.workload };
}

function resolve(raw: string, hostGroups: HostGroups): string {
  const param = wholePlaceholder(raw);
  if (param === null) return raw;
  const value = hostGroups.get(param);
  if (value === undefined || value === '') {
    throw new AppError('PARAM_INVALID', `Host group parameter "${param}" has no value: give it one at start or as its default.`);
  }
  return value;
}
