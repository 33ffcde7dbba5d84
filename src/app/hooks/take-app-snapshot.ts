import { AppError, isAppError } from '../../domain/errors.ts';
import { isFailedRun } from '../../domain/hook-run.ts';
import type { OperationState, VolumeSnapshotRef } from '../../domain/protection-operation.ts';
import { connectCluster } from '../clusters/connect-cluster.ts';
import type { AppDeps } from '../deps.ts';
import type { HookPhaseRunner } from '../records/hook-phase.ts';
import { hookStateDetail } from './hook-state-detail.ts';
import type { AppSnapshotPayload } from './start-app-snapshot.ts';

export interface AppSnapshotOptions {
  readonly hooks: HookPhaseRunner;
  /** How long the VolumeSnapshots may take to become ready before the snapshot fails. */
  readonly snapshotTimeoutMs: number;
  /** CSI VolumeSnapshotClass to ask for; the cluster's default class when unset. */
  readonly snapshotClass?: string;
}

/** What the worker records for the job; failures of the snapshot itself are data on the operation (ok: true). */
export type AppSnapshotOutcome = { ok: true; result: { readonly state: OperationState } } | { ok: false; error: string; retryable: boolean };

export const DEFAULT_SNAPSHOT_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Takes an application snapshot (the `app-snapshot.run` job): pre-snapshot hooks, one VolumeSnapshot per PVC the
 * application's pods mount, wait until all are ready, post-snapshot hooks; then `hookState` (success when zero or
 * more hooks ran and none failed) and `hookStateDetails` (one per failed or timed-out run), as Astra reports them.
 *
 * A soft hook failure leaves the snapshot `completed` with `hookState: failed`. A hard pre-hook failure stops it
 * before any VolumeSnapshot is made (`failed`, reason in `stateUnready`), and a hard post-hook failure marks it
 * `failed`; in both cases the post hooks still run, as Astra runs them even after a cancelled backup, so a thaw
 * always follows its freeze. A snapshot not ready by the deadline fails the operation (Astra §4.3.8).
 *
 * Re-running after a crash is safe for the snapshots (deterministic names; an existing one is reused) and runs
 * the hooks again (at least once, H10). A finished operation is never run again.
 */
export async function takeAppSnapshot(deps: AppDeps, options: AppSnapshotOptions, payload: AppSnapshotPayload, signal: AbortSignal): Promise<AppSnapshotOutcome> {
  const { accountId, operationId } = payload;
  const operation = await deps.store.protectionOperations.get(accountId, operationId);
  if (!operation) return { ok: false, error: `Operation ${operationId} does not exist.`, retryable: false };
  if (operation.state === 'completed' || operation.state === 'failed') return { ok: true, result: { state: operation.state } };
  const started = deps.clock.now();
  await deps.store.protectionOperations.update(accountId, operationId, { state: 'running', startedAt: operation.startedAt ?? started, updatedAt: started }, ['pending', 'running']);

  const app = await deps.store.applications.get(accountId, operation.applicationId);
  if (!app) return finishOperation(deps, accountId, operationId, [], [`application ${operation.applicationId} no longer exists`], null);

  const phase = (stage: 'pre' | 'post') => options.hooks({
    accountId, recordId: null, operationId, action: 'snapshot', stage, applicationIds: [app.id], signal,
  });
  const pre = await phase('pre');
  stopIfAborted(signal);

  const unready: string[] = [];
  let volumes: VolumeSnapshotRef[] = [];
  let snapshotAt: number | null = null;
  if (pre.hardFailure !== null) {
    unready.push(`not taken: a pre-snapshot hook in hard mode failed (${pre.hardFailure})`);
  } else {
    try {
      const { gateway } = await connectCluster(deps, accountId, app.clusterId);
      volumes = await gateway.createVolumeSnapshots(app.namespace, app.selector, {
        prefix: operation.name, deadline: deps.clock.now() + options.snapshotTimeoutMs,
        ...(options.snapshotClass === undefined ? {} : { snapshotClass: options.snapshotClass }),
      });
      for (const v of volumes) if (!v.readyToUse) unready.push(`VolumeSnapshot ${v.name} of PVC ${v.pvcName}: ${v.error ?? 'not ready'}`);
      if (unready.length === 0) snapshotAt = deps.clock.now();
    } catch (error) {
      if (!isAppError(error)) throw error;
      unready.push(`VolumeSnapshots could not be made: ${error.detail}`);
    }
    await deps.store.protectionOperations.update(accountId, operationId, { volumeSnapshots: volumes, updatedAt: deps.clock.now() });
  }
  stopIfAborted(signal);

  const post = await phase('post');
  if (post.hardFailure !== null) unready.push(`a post-snapshot hook in hard mode failed (${post.hardFailure})`);
  return finishOperation(deps, accountId, operationId, volumes, unready, snapshotAt);
}

async function finishOperation(
  deps: AppDeps, accountId: string, operationId: string, volumes: readonly VolumeSnapshotRef[], unready: readonly string[], snapshotAt: number | null,
): Promise<AppSnapshotOutcome> {
  const runs = await deps.store.hookRuns.allFor(accountId, { operationId });
  const failedRuns = runs.filter(isFailedRun);
  const state: OperationState = unready.length === 0 ? 'completed' : 'failed';
  const now = deps.clock.now();
  await deps.store.protectionOperations.update(accountId, operationId, {
    state, stateUnready: unready, hookState: failedRuns.length === 0 ? 'success' : 'failed',
    hookStateDetails: failedRuns.map(hookStateDetail), volumeSnapshots: volumes, finishedAt: now,
    ...(snapshotAt === null ? {} : { snapshotAt }), updatedAt: now,
  }, ['pending', 'running']);
  return { ok: true, result: { state } };
}

/** The lease was lost or the worker is stopping: stop before the next side effect; the job runs again. */
function stopIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new AppError('SHUTTING_DOWN', 'The snapshot job lost its lease; it will run again.');
}
