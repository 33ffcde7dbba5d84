import { FINAL_RECORD_STATES, type DeployRecord, type DeployStep, type RecordState } from '../../domain/deploy-record.ts';
import type { AppDeps } from '../deps.ts';
import { ClusterGateways } from './cluster-gateways.ts';
import { maskSecrets, paramValues } from './fill-placeholders.ts';
import { finishRecord } from './finish-record.ts';
import { hookApplications } from './hook-applications.ts';
import type { HookPhaseRunner } from './hook-phase.ts';
import { failureText, isTransient } from './record-errors.ts';
import { RecordProgress } from './record-progress.ts';
import { runApplyStep } from './run-apply-step.ts';
import { runWorkloadStep } from './run-workload-step.ts';
import { settleRollouts } from './settle-rollouts.ts';
import { RecordNotRunning, RunInterrupted, type StepOutcome, type StepRun } from './step-run.ts';

/** One attempt of a `deploy.run` job, as the worker hands it over. */
export interface DeployRunJob {
  readonly accountId: string;
  readonly recordId: string;
  /** Aborted when the lease is lost or the worker stops for good: write nothing more. */
  readonly signal: AbortSignal;
  /** Renews the lease; false once it is gone (Q4). */
  heartbeat(): Promise<boolean>;
  /** This attempt (1-based) and how many the job may have. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

/** `ok` also when the record failed: a failed deploy is data, not a failed job (DESIGN.md execution model 5). */
export type DeployRunOutcome =
  | { readonly ok: true; readonly state: RecordState }
  | { readonly ok: false; readonly error: string; readonly retryable: boolean };

type FinalState = Extract<RecordState, 'succeeded' | 'failed' | 'stopped'>;

/**
 * Runs a deploy record's plan (job kind `deploy.run`, payload `{recordId}`). Safe to run again after a crash:
 * - a final record is left alone; a stop asked for before it started ends it `stopped`;
 * - `pre` hooks of the record's applications run with its hook action before the first step (a hard failure
 *   fails the record with nothing written); steps that succeeded are skipped, each write happens at most once
 *   (write-once.ts, Q6), and the lease is renewed before each write;
 * - between steps the record is re-read: a stop ends it `stopped`, and a stop during a rollout is seen within a
 *   second; a failed step fails the record with a sentence naming the step and the reason;
 * - `post` hooks run after the last step once every workload the record wrote has rolled out
 *   (settle-rollouts.ts), then the record succeeds.
 * Transient failures (unreachable cluster or database, object kept changing) make the job retry while attempts
 * remain; out of attempts, or on any other failure, the record is marked failed. A lost lease ends the attempt
 * without touching the record, which the next attempt resumes.
 */
export async function runDeployRecord(deps: AppDeps, job: DeployRunJob, hooks: HookPhaseRunner): Promise<DeployRunOutcome> {
  let record = await deps.store.records.get(job.accountId, job.recordId);
  if (!record) return { ok: false, error: `Deploy record ${job.recordId} does not exist.`, retryable: false };
  if (FINAL_RECORD_STATES.has(record.state)) return { ok: true, state: record.state };
  if (record.stopRequested) {
    const text = record.state === 'queued' ? 'Stopped by request before it started.' : 'Stopped by request.';
    await finishRecord(deps, record, record.steps, 'stopped', text);
    return { ok: true, state: (await deps.store.records.get(job.accountId, job.recordId))?.state ?? 'stopped' };
  }
  if (record.state === 'queued') {
    const now = deps.clock.now();
    if (!(await deps.store.records.update(record.accountId, record.id, { state: 'running', startedAt: now, updatedAt: now }, ['queued']))) {
      return { ok: true, state: (await deps.store.records.get(job.accountId, job.recordId))?.state ?? 'stopped' };
    }
    record = { ...record, state: 'running', startedAt: now, updatedAt: now };
  }

  const progress = new RecordProgress(deps, record);
  try {
    return { ok: true, state: await execute(deps, job, hooks, record, progress) };
  } catch (error) {
    await progress.close().catch(() => {});
    if (error instanceof RecordNotRunning) {
      return { ok: true, state: (await deps.store.records.get(job.accountId, job.recordId))?.state ?? 'failed' };
    }
    if (job.signal.aborted || error instanceof RunInterrupted) {
      return { ok: false, error: `interrupted: ${error instanceof Error ? error.message : String(error)}`, retryable: true };
    }
    const transient = isTransient(error);
    if (transient && job.attempt < job.maxAttempts) return { ok: false, error: jobErrorText(error), retryable: true };
    const running = progress.steps.find((s) => s.state === 'running');
    const detail = maskSecrets(failureText(error), record.params, () => paramValues(record.params, deps.secrets));
    const reason = running ? `Step ${running.index + 1} "${running.name}" failed: ${detail}` : detail;
    const text = transient ? `${reason} (gave up after ${job.attempt} attempts)` : reason;
    await finishRecord(deps, record, progress.steps, 'failed', text);
    // The job keeps the raw error for operators; the record keeps only the safe sentence.
    return transient ? { ok: false, error: `${text} [${jobErrorText(error)}]`, retryable: false } : { ok: true, state: 'failed' };
  } finally {
    await progress.close().catch(() => {});
  }
}

async function execute(deps: AppDeps, job: DeployRunJob, hooks: HookPhaseRunner, record: DeployRecord, progress: RecordProgress): Promise<FinalState> {
  const stop = new AbortController();
  progress.onStopRequested(() => stop.abort());
  const signal = AbortSignal.any([job.signal, stop.signal]);
  const gateways = new ClusterGateways(deps, record.accountId);
  const changes = await deps.store.records.changes(record.id);
  let values: ReadonlyMap<string, string> | null = null;
  const base: Omit<StepRun, 'index' | 'deployId'> = {
    deps, record, progress, gateways, changes, signal,
    stopRequested: () => progress.stopRequested,
    beforeWrite: async () => {
      if (!(await job.heartbeat())) throw new RunInterrupted('the lease was lost before a write');
    },
    paramValues: () => (values ??= paramValues(record.params, deps.secrets)),
  };
  const finish = async (state: FinalState, error: string | null): Promise<FinalState> => {
    await progress.close();
    if (!(await finishRecord(deps, record, progress.steps, state, error))) throw new RecordNotRunning(undefined);
    return state;
  };
  const phase = (stage: 'pre' | 'post', applicationIds: string[]) =>
    hooks({ accountId: record.accountId, recordId: record.id, operationId: null, action: record.hookAction, stage, applicationIds, signal });

  const applications = await hookApplications(deps, record, gateways, base.paramValues);
  if (applications.length > 0 && progress.steps.every((s) => s.state === 'pending')) {
    const pre = await phase('pre', applications);
    if (pre.hardFailure) return finish('failed', `A pre hook failed, so nothing was changed: ${pre.hardFailure}`);
  }
  for (const [index, planned] of record.plan.entries()) {
    const step = progress.step(index);
    if (step.state === 'succeeded' || step.state === 'skipped') continue;
    const current = await deps.store.records.get(record.accountId, record.id);
    if (!current || current.state !== 'running') throw new RecordNotRunning(current?.state);
    const label = `step ${index + 1} "${step.name}"`;
    if (current.stopRequested || progress.stopRequested) return finish('stopped', `Stopped by request before ${label}.`);
    if (deps.clock.now() >= record.deadlineAt) return finish('failed', `The record's deadline passed before ${label} could start.`);
    await progress.setStep(index, { state: 'running', startedAt: step.startedAt ?? deps.clock.now(), message: null });
    if (progress.notRunning) throw new RecordNotRunning(undefined);
    const outcome = await runStep({ ...base, index, deployId: `${record.id}-${index}` }, planned);
    const message = maskSecrets(outcome.message, record.params, base.paramValues);
    await progress.setStep(index, { state: outcome.state, finishedAt: deps.clock.now(), message });
    if (progress.notRunning) throw new RecordNotRunning(undefined);
    if (outcome.state === 'stopped') return finish('stopped', `Stopped by request during ${label}.`);
    if (outcome.state === 'failed') return finish('failed', `Step ${index + 1} "${step.name}" failed: ${message}`);
  }
  if (applications.length > 0) {
    const unsettled = await settleRollouts(deps, record, gateways, signal);
    if (unsettled !== null) {
      if (progress.stopRequested) return finish('stopped', 'Stopped by request before the post hooks.');
      if (job.signal.aborted) throw new RunInterrupted('the lease was lost while waiting for rollouts before the post hooks');
      return finish('failed', `Every step succeeded, but ${unsettled}, so the post hooks did not run.`);
    }
    const post = await phase('post', applications);
    if (post.hardFailure) return finish('failed', `Every step succeeded, but a post hook failed: ${post.hardFailure}`);
  }
  return finish('succeeded', null);
}

/** A step's own failures (missing workload, bad parameter) fail the step; transient ones propagate (retry). */
async function runStep(run: StepRun, step: DeployStep): Promise<StepOutcome> {
  try {
    return step.type === 'apply' ? await runApplyStep(run, step) : await runWorkloadStep(run, step);
  } catch (error) {
    if (isTransient(error)) throw error;
    return { state: 'failed', message: failureText(error) };
  }
}

function jobErrorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
