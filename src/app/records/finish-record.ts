import type { DeployRecord, RecordState, StepProgress, StepState } from '../../domain/deploy-record.ts';
import type { AppDeps } from '../deps.ts';
import { NO_METRICS } from '../ports/app-metrics.ts';
import { finishLostHookRuns } from '../hooks/finish-lost-hook-runs.ts';
import { finishWithNotifications } from '../notifications/finish-with-notifications.ts';

type FinalState = Extract<RecordState, 'succeeded' | 'failed' | 'stopped'>;

/**
 * Moves a queued or running record to its final state in one guarded write. Steps that had not finished are
 * closed consistently: a running step takes the record's outcome (failed/stopped), pending ones become `skipped`
 * when the record failed and `stopped` when it was stopped; hook runs a lost worker left running are finished as
 * failed (finish-lost-hook-runs.ts). The notifications the finish owes are queued in the same transaction as the
 * write (finish-with-notifications.ts). Returns false, writing nothing, when the record was already final (another
 * actor finished it first).
 */
export async function finishRecord(
  deps: Pick<AppDeps, 'store' | 'clock' | 'metrics'>,
  record: Pick<DeployRecord, 'accountId' | 'id' | 'origin' | 'taskId' | 'triggerId' | 'plan'>,
  steps: readonly StepProgress[],
  state: FinalState,
  error: string | null,
): Promise<boolean> {
  const now = deps.clock.now();
  const closed = closeSteps(steps, state, now);
  const moved = await finishWithNotifications(deps.store, { ...record, state, steps: closed }, (repos) => repos.records.update(
    record.accountId,
    record.id,
    { state, steps: closed, error, finishedAt: now, updatedAt: now },
    ['queued', 'running'],
  ));
  if (moved) {
    // Counted only when this write made the record final: a lost race was counted by the actor that won it.
    (deps.metrics ?? NO_METRICS).recordFinished(state, record.origin);
    await finishLostHookRuns(deps.store, record.accountId, { recordId: record.id }, now);
  }
  return moved;
}

export function closeSteps(steps: readonly StepProgress[], state: FinalState, now: number): StepProgress[] {
  return steps.map((step) => {
    if (step.state === 'running') {
      const to: StepState = state === 'succeeded' ? 'succeeded' : state;
      return { ...step, state: to, finishedAt: now, workloads: step.workloads.map((w) => (w.state === 'running' ? { ...w, state: to } : w)) };
    }
    if (step.state === 'pending') return { ...step, state: state === 'stopped' ? 'stopped' : 'skipped' };
    return step;
  });
}
