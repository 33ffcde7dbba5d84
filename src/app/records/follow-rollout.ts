import type { StepState, WorkloadProgress } from '../../domain/deploy-record.ts';
import type { RolloutStatus } from '../ports/kube-gateway.ts';
import { RunInterrupted, describeWorkload, type StepRun, type TargetWorkload } from './step-run.ts';

/** How often a rollout is polled (the gateway re-reads the workload each time, K10). */
export const ROLLOUT_POLL_MS = 500;

export interface WorkloadResult {
  readonly target: TargetWorkload;
  readonly state: Extract<StepState, 'succeeded' | 'failed' | 'stopped'>;
  readonly message: string;
}

/**
 * Follows one workload's rollout until done, failed (ProgressDeadlineExceeded, workload deleted), the deadline,
 * or a stop (K8–K10), reporting kubectl's progress messages into the step. Throws RunInterrupted when the lease
 * is lost mid-wait: the next attempt waits again instead of failing the record.
 */
export async function followRollout(run: StepRun, target: TargetWorkload, deadline: number): Promise<WorkloadResult> {
  const gateway = await run.gateways.get(target.clusterId);
  report(run, target, 'running', 'Waiting for the rollout to start.');
  const { outcome, status } = await gateway.waitForRollout(target.ref, {
    deadline,
    pollMs: ROLLOUT_POLL_MS,
    signal: run.signal,
    onProgress: (s) => report(run, target, 'running', s.message, s),
  });
  if (outcome === 'succeeded') return settle(run, target, 'succeeded', status.message, status);
  if (outcome === 'failed') {
    const reason = status.reason === null ? '' : ` (${status.reason})`;
    return settle(run, target, 'failed', `${status.message}${reason}`, status);
  }
  if (run.stopRequested()) return settle(run, target, 'stopped', 'Stopped by request while rolling out.', status);
  if (run.signal.aborted) throw new RunInterrupted('the lease was lost while waiting for the rollout');
  return settle(run, target, 'failed', `${describeWorkload(target)} did not finish rolling out by the record's deadline (last status: ${status.message})`, status);
}

/** Records a workload's final state in the step and returns it. */
export function settle(run: StepRun, target: TargetWorkload, state: WorkloadResult['state'], message: string, status?: RolloutStatus): WorkloadResult {
  report(run, target, state, message, status);
  return { target, state, message };
}

function report(run: StepRun, target: TargetWorkload, state: StepState, message: string, status?: RolloutStatus): void {
  const progress: WorkloadProgress = {
    clusterId: target.clusterId,
    workload: target.ref,
    state,
    message,
    ...(status ? { desired: status.desired, updated: status.updated, ready: status.ready } : {}),
  };
  run.progress.workload(run.index, progress);
}
