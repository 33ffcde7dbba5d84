import { AppError } from '../../domain/errors.ts';
import { gitOpsDriftWarning } from '../../domain/gitops-owner.ts';
import { DEPLOY_ID_ANNOTATION, type KubeGateway, type WorkloadRef } from '../ports/kube-gateway.ts';
import { sameWorkload, type StepRun, type TargetWorkload } from './step-run.ts';

export type WorkloadWrite = (gateway: KubeGateway, ref: WorkloadRef, deployId: string) => Promise<{ readonly changed: boolean }>;

/**
 * One write of one workload by one step, at most once across attempts (Q6), with its before/after templates
 * stored as a RecordChange:
 * - a change this step stored already means the write landed and was recorded: nothing is sent;
 * - a live template carrying this step's deploy id means the write landed but the attempt died before recording
 *   it: the change is recorded with `before: {}` (not captured) and nothing is sent;
 * - otherwise: capture, write, capture, record. A write that changed nothing (image already set, template already
 *   restored) records no change.
 * A change of `drift` kind to a workload a GitOps tool reconciles is flagged on the workload's progress (K19).
 * The lease is renewed right before the write (Q4).
 */
export async function writeOnce(
  run: StepRun,
  target: TargetWorkload,
  write: WorkloadWrite,
  drift: DriftKind | null = null,
): Promise<{ readonly changed: boolean }> {
  if (run.changes.some((c) => c.stepIndex === run.index && sameWorkload(c, target.clusterId, target.ref))) return { changed: true };
  const gateway = await run.gateways.get(target.clusterId);
  await run.beforeWrite();
  const before = await gateway.captureTemplate(target.ref);
  const landed = deployIdOf(before.template) === run.deployId;
  const result = landed ? { changed: true } : await write(gateway, target.ref, run.deployId);
  if (!result.changed) return result;
  const after = await gateway.captureTemplate(target.ref);
  await recordChange(run, target, landed ? {} : before.template, after.template);
  if (drift !== null && before.gitOpsOwner !== null) {
    run.progress.workload(run.index, {
      clusterId: target.clusterId, workload: target.ref, state: 'running', message: 'Written.', warning: gitOpsDriftWarning(before.gitOpsOwner, drift),
    });
  }
  return { changed: true };
}

/** What a write changes that a GitOps tool would take back (K19): an image, or the whole template. Restarts: null. */
export type DriftKind = 'image' | 'template';

export async function recordChange(run: StepRun, target: TargetWorkload, before: Record<string, unknown>, after: Record<string, unknown>): Promise<void> {
  try {
    await run.deps.store.records.addChange({
      recordId: run.record.id, stepIndex: run.index, clusterId: target.clusterId, workload: target.ref, before, after, at: run.deps.clock.now(),
    });
  } catch (error) {
    // Stored by an earlier attempt that died before it could say so: the change is recorded, which is all we want.
    if (!(error instanceof AppError && error.code === 'ID_TAKEN')) throw error;
  }
}

export function deployIdOf(template: Record<string, unknown>): string | undefined {
  const metadata = template['metadata'];
  const annotations = metadata !== null && typeof metadata === 'object' ? (metadata as Record<string, unknown>)['annotations'] : undefined;
  const value = annotations !== null && typeof annotations === 'object' ? (annotations as Record<string, unknown>)[DEPLOY_ID_ANNOTATION] : undefined;
  return typeof value === 'string' ? value : undefined;
}
