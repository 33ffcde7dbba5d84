import type { AppDeps } from '../app/deps.ts';
import { failAppSnapshot } from '../app/hooks/fail-app-snapshot.ts';
import type { AppSnapshotPayload } from '../app/hooks/start-app-snapshot.ts';
import { DEFAULT_SNAPSHOT_TIMEOUT_MS, takeAppSnapshot } from '../app/hooks/take-app-snapshot.ts';
import type { HookPhaseRunner } from '../app/records/hook-phase.ts';
import { isAppError } from '../domain/errors.ts';
import type { JobHandler } from './job-handler.ts';

export { APP_SNAPSHOT_JOB } from '../app/hooks/start-app-snapshot.ts';

/**
 * `app-snapshot.run`: takes an Astra appSnap (take-app-snapshot.ts) — pre-snapshot hooks, VolumeSnapshots, post
 * hooks. A snapshot that failed is a succeeded job whose operation says so. A thrown error (database or lease
 * trouble) retries; on the last attempt the operation is marked failed. When the handler never gets that far (its
 * worker was lost on the last attempt and the reaper failed the job), the `deploy.sweep` job fails the operation
 * (hooks/fail-orphaned-operations.ts): either way it never stays `running`.
 */
export function appSnapshotHandler(deps: AppDeps, hooks: HookPhaseRunner): JobHandler {
  return async (job, ctx) => {
    const { operationId } = (job.payload ?? {}) as Partial<AppSnapshotPayload>;
    if (typeof operationId !== 'string') return { ok: false, error: 'payload has no operationId', retryable: false };
    const payload = { accountId: job.accountId, operationId };
    try {
      return await takeAppSnapshot(deps, { hooks, snapshotTimeoutMs: DEFAULT_SNAPSHOT_TIMEOUT_MS }, payload, ctx.signal);
    } catch (error) {
      const reason = isAppError(error) ? error.detail : 'an unexpected error';
      if (job.attempts < job.maxAttempts || ctx.signal.aborted) throw error;
      await failAppSnapshot(deps, payload, `gave up after ${job.attempts} attempts: ${reason}`);
      return { ok: false, error: reason, retryable: false };
    }
  };
}
