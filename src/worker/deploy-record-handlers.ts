import type { AppDeps } from '../app/deps.ts';
import type { HookPhaseRunner } from '../app/records/hook-phase.ts';
import { DEPLOY_SWEEP_JOB, sweepRecords } from '../app/records/record-sweep.ts';
import { runDeployRecord } from '../app/records/run-deploy-record.ts';
import { DEPLOY_RUN_JOB, type DeployRunPayload } from '../app/records/start-record.ts';
import type { JobHandler } from './job-handler.ts';

/**
 * `deploy.run`: one attempt at a deploy record's plan (run-deploy-record.ts). A record that failed is a succeeded
 * job whose result says so; only transient failures retry.
 */
export function deployRunHandler(deps: AppDeps, hooks: HookPhaseRunner): JobHandler {
  return async (job, ctx) => {
    const { recordId } = (job.payload ?? {}) as Partial<DeployRunPayload>;
    if (typeof recordId !== 'string') return { ok: false, error: 'payload has no recordId', retryable: false };
    const outcome = await runDeployRecord(deps, {
      accountId: job.accountId, recordId, signal: ctx.signal, heartbeat: ctx.heartbeat,
      attempt: job.attempts, maxAttempts: job.maxAttempts,
    }, hooks);
    return outcome.ok ? { ok: true, result: { recordId, state: outcome.state } } : outcome;
  };
}

/** `deploy.sweep`: fails records and app snapshots whose job can no longer run them; re-arms itself while any is active. */
export function recordSweepHandler(deps: AppDeps): JobHandler {
  return async (job) => ({ ok: true, result: await sweepRecords(deps, job.accountId) });
}

export { DEPLOY_RUN_JOB, DEPLOY_SWEEP_JOB };
