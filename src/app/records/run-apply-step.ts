import type { DeployStep } from '../../domain/deploy-record.ts';
import { AppError } from '../../domain/errors.ts';
import { WORKLOAD_KINDS, type WorkloadKind } from '../../domain/workload.ts';
import type { KubeGateway, PodTemplateSnapshot, WorkloadRef } from '../ports/kube-gateway.ts';
import { fillManifest } from './fill-placeholders.ts';
import { followRollout, settle } from './follow-rollout.ts';
import { mapLimit } from './map-limit.ts';
import { WORKLOAD_CONCURRENCY } from './run-workload-step.ts';
import { sameWorkload, type StepOutcome, type StepRun, type TargetWorkload } from './step-run.ts';
import { resultsOf, summarize } from './workload-results.ts';
import { recordChange } from './write-once.ts';

type ApplyStep = Extract<DeployStep, { type: 'apply' }>;

/**
 * `apply` steps: the manifest's objects are server-side applied in document order (K18), each workload among them
 * (apps/v1 Deployment, StatefulSet, DaemonSet) with its pod template captured before and after as a RecordChange,
 * so an applied deploy can be rolled back like any other. A workload this step already recorded is not applied
 * again; one whose object carries this step's deploy id was applied by an earlier attempt (Q6) and is recorded
 * with `before: {}`. With `waitRollout`, the applied workloads' rollouts are then followed.
 */
export async function runApplyStep(run: StepRun, step: ApplyStep): Promise<StepOutcome> {
  const objects = fillManifest(step.manifest, run.paramValues());
  const gateway = await run.gateways.get(step.clusterId);
  const lines: string[] = [];
  const workloads: TargetWorkload[] = [];
  for (const object of objects) {
    const namespace = (object['metadata'] as { namespace?: unknown } | undefined)?.namespace;
    if (namespace !== undefined && namespace !== step.namespace) {
      throw new AppError('PARAM_INVALID', `The manifest names namespace "${String(namespace)}", but the step deploys to "${step.namespace}".`);
    }
    const target = workloadOf(step, object);
    try {
      lines.push(await applyOne(run, gateway, step, object, target));
    } catch (error) {
      // Fields owned by another manager (apply without force) stay owned however often we retry: not transient.
      if (error instanceof AppError && error.code === 'KUBE_CONFLICT') return { state: 'failed', message: error.detail };
      throw error;
    }
    if (target) workloads.push(target);
  }
  if (!(step.waitRollout ?? false)) {
    for (const target of workloads) settle(run, target, 'succeeded', 'Applied.');
    return { state: 'succeeded', message: summaryText(lines) };
  }
  const settled = await mapLimit(workloads, WORKLOAD_CONCURRENCY, (target) => followRollout(run, target, run.record.deadlineAt));
  const outcome = summarize(resultsOf(run, workloads, settled));
  return outcome.state === 'succeeded' ? { state: 'succeeded', message: summaryText(lines) } : outcome;
}

async function applyOne(run: StepRun, gateway: KubeGateway, step: ApplyStep, object: Record<string, unknown>, target: TargetWorkload | null): Promise<string> {
  const name = describeObject(object, step.namespace);
  if (target && run.changes.some((c) => c.stepIndex === run.index && sameWorkload(c, target.clusterId, target.ref))) return `${name} applied earlier`;
  const before = target ? await captureIfPresent(gateway, target.ref) : null;
  await run.beforeWrite();
  const result = await gateway.apply(object, run.deployId, { namespace: step.namespace, force: step.force ?? true });
  const landedEarlier = result.previousDeployId === run.deployId;
  if (target && (result.changed || landedEarlier)) {
    const after = await gateway.captureTemplate(target.ref);
    await recordChange(run, target, landedEarlier || before === null ? {} : before.template, after.template);
  }
  return `${name} ${result.created ? 'created' : result.changed ? 'configured' : 'unchanged'}`;
}

/** The workload an applied object is (apps/v1 Deployment, StatefulSet, DaemonSet), in the step's namespace; else null. */
export function workloadOf(step: ApplyStep, object: Record<string, unknown>): TargetWorkload | null {
  const kind = object['kind'];
  const name = (object['metadata'] as { name?: unknown } | undefined)?.name;
  if (object['apiVersion'] !== 'apps/v1' || typeof name !== 'string' || !(WORKLOAD_KINDS as readonly unknown[]).includes(kind)) return null;
  return { clusterId: step.clusterId, ref: { namespace: step.namespace, kind: kind as WorkloadKind, name } };
}

async function captureIfPresent(gateway: KubeGateway, ref: WorkloadRef): Promise<PodTemplateSnapshot | null> {
  try {
    return await gateway.captureTemplate(ref);
  } catch (error) {
    if (error instanceof AppError && error.code === 'WORKLOAD_NOT_FOUND') return null;
    throw error;
  }
}

function describeObject(object: Record<string, unknown>, namespace: string): string {
  const name = (object['metadata'] as { name?: unknown } | undefined)?.name;
  return `${String(object['kind'] ?? 'object')} ${namespace}/${String(name ?? '')}`;
}

function summaryText(lines: readonly string[]): string {
  const text = lines.join('; ');
  return text.length > 1_000 ? `${text.slice(0, 999)}…` : text;
}
