import type { DeployStep } from '../../domain/deploy-record.ts';
import { AppError } from '../../domain/errors.ts';
import { checkDowngrade } from './check-downgrade.ts';
import { fillText } from './fill-placeholders.ts';
import { followRollout, settle, type WorkloadResult } from './follow-rollout.ts';
import { mapLimit } from './map-limit.ts';
import type { StepOutcome, StepRun, TargetWorkload } from './step-run.ts';
import { stepWorkloads } from './step-workloads.ts';
import { resultsOf, summarize } from './workload-results.ts';
import { writeOnce, type DriftKind, type WorkloadWrite } from './write-once.ts';

/** Workloads of one step written and followed at once (an application restart touches all of its workloads). */
export const WORKLOAD_CONCURRENCY = 4;

type WorkloadStep = Extract<DeployStep, { type: 'restart' | 'set-image' | 'restore' | 'wait-rollout' }>;

/**
 * `restart`, `set-image`, `restore` and `wait-rollout` steps: resolve the workloads, write each at most once
 * (write-once.ts), then follow each rollout to the record's deadline (`waitRollout`, default true). A workload
 * that cannot be written (missing, paused, no such container) fails the step; a transient failure of any workload
 * is rethrown after the others settled, so the job retries and resumes without writing twice. A `set-image` step
 * marked `unlessDowngrade` leaves a workload whose running tag is a higher semantic version untouched (succeeded,
 * with the guard's message; check-downgrade.ts).
 */
export async function runWorkloadStep(run: StepRun, step: WorkloadStep): Promise<StepOutcome> {
  const targets = await targetsOf(run, step);
  if (targets.length === 0) return { state: 'succeeded', message: 'The application selects no Deployment, StatefulSet or DaemonSet; nothing to do.' };
  const write = writerFor(run, step);
  const wait = step.type === 'wait-rollout' || (step.waitRollout ?? true);
  const deadline = step.type === 'wait-rollout' && step.timeoutMs !== undefined
    ? Math.min(run.record.deadlineAt, run.deps.clock.now() + step.timeoutMs)
    : run.record.deadlineAt;

  const settled = await mapLimit(targets, WORKLOAD_CONCURRENCY, async (target): Promise<WorkloadResult> => {
    if (step.type === 'set-image' && step.unlessDowngrade === true) {
      const refusal = await checkDowngrade(run, target, step.container, fillText(step.image, run.paramValues()));
      if (refusal !== null) return settle(run, target, 'succeeded', refusal);
    }
    let changed = false;
    if (write) changed = (await writeOnce(run, target, write, driftOf(step))).changed;
    if (wait) return followRollout(run, target, deadline);
    return settle(run, target, 'succeeded', write && !changed ? 'Already as asked; nothing to change.' : 'Written.');
  });
  return summarize(resultsOf(run, targets, settled));
}

async function targetsOf(run: StepRun, step: WorkloadStep): Promise<TargetWorkload[]> {
  if (step.type === 'restore') return [{ clusterId: step.clusterId, ref: step.workload }];
  const all = await stepWorkloads(run.deps, run.record.accountId, step.target, run.gateways);
  if (step.type !== 'set-image' || !('applicationId' in step.target)) return all;
  // An application's set-image changes the workloads that have the container; none having it is an error (K6).
  const having = all.filter((w) => (w.containers ?? []).some((c) => c.name === step.container));
  if (all.length > 0 && having.length === 0) {
    throw new AppError('CONTAINER_NOT_FOUND', `No workload of application ${step.target.applicationId} has a container named "${step.container}".`);
  }
  return having;
}

function driftOf(step: WorkloadStep): DriftKind | null {
  if (step.type === 'set-image') return 'image';
  return step.type === 'restore' ? 'template' : null;
}

function writerFor(run: StepRun, step: WorkloadStep): WorkloadWrite | null {
  switch (step.type) {
    case 'restart':
      return (gateway, ref, deployId) => gateway.restart(ref, deployId);
    case 'set-image': {
      const image = fillText(step.image, run.paramValues());
      return (gateway, ref, deployId) => gateway.setImage(ref, step.container, image, deployId);
    }
    case 'restore':
      return (gateway, ref, deployId) => gateway.restoreTemplate(ref, step.template, deployId);
    case 'wait-rollout':
      return null;
  }
}
