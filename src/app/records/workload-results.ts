import { settle, type WorkloadResult } from './follow-rollout.ts';
import { failureText, isTransient } from './record-errors.ts';
import { describeWorkload, type StepOutcome, type StepRun, type TargetWorkload } from './step-run.ts';

/**
 * Per-workload outcomes of a step from `mapLimit`'s settled results: a transient failure of any workload is
 * rethrown (the job retries; what landed is recorded, so nothing is written twice); any other failure becomes
 * that workload's failed result, with the error's detail as its message.
 */
export function resultsOf(run: StepRun, targets: readonly TargetWorkload[], settled: readonly PromiseSettledResult<WorkloadResult>[]): WorkloadResult[] {
  const transient = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected' && isTransient(r.reason));
  if (transient) throw transient.reason;
  return settled.map((r, i) => (r.status === 'fulfilled' ? r.value : settle(run, targets[i] as TargetWorkload, 'failed', failureText(r.reason))));
}

/** The step's outcome: failed if any workload failed (naming each), stopped if any stopped, else succeeded. */
export function summarize(results: readonly WorkloadResult[]): StepOutcome {
  const failed = results.filter((r) => r.state === 'failed');
  if (failed.length > 0) {
    const text = failed.map((r) => `${describeWorkload(r.target)}: ${r.message}`).join('; ');
    return { state: 'failed', message: text.length > 1_000 ? `${text.slice(0, 999)}…` : text };
  }
  if (results.some((r) => r.state === 'stopped')) return { state: 'stopped', message: 'Stopped by request while rolling out.' };
  if (results.length === 1) return { state: 'succeeded', message: (results[0] as WorkloadResult).message };
  return { state: 'succeeded', message: `${results.length} workloads done.` };
}
