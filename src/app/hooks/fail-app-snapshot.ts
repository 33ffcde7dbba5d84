import { isFailedRun, type HookRun } from '../../domain/hook-run.ts';
import { FINAL_OPERATION_STATES, HOOK_DETAIL_LIMITS, clip, type HookStateDetail } from '../../domain/protection-operation.ts';
import type { AppDeps } from '../deps.ts';
import { finishLostHookRuns } from './finish-lost-hook-runs.ts';
import { hookStateDetail } from './hook-state-detail.ts';
import type { AppSnapshotPayload } from './start-app-snapshot.ts';

const ABANDONED_TYPE = 'https://capstan.dev/problems/operation-abandoned';

/**
 * Marks an unfinished snapshot failed because its job will not run it again (out of attempts, or the job ended
 * without finishing it: the orphan sweep). `stateUnready` holds the reason. `hookState` is `failed` — the snapshot's
 * hook phases did not complete, and a pre-snapshot hook (a freeze) may have run without its post-snapshot hook (the
 * thaw) — and `hookStateDetails` says so first, then lists the hook runs that failed. Runs the lost worker left
 * `running` are finished as failed, so nothing under the operation stays running. One transaction; a finished
 * operation stays as it is. Returns whether this call failed it.
 */
export async function failAppSnapshot(deps: Pick<AppDeps, 'store' | 'clock'>, payload: AppSnapshotPayload, reason: string): Promise<boolean> {
  const { accountId, operationId } = payload;
  return deps.store.transaction(async (tx) => {
    const operation = await tx.protectionOperations.get(accountId, operationId);
    if (!operation || FINAL_OPERATION_STATES.has(operation.state)) return false;
    const now = deps.clock.now();
    const runs = await finishLostHookRuns(tx, accountId, { operationId }, now);
    return tx.protectionOperations.update(accountId, operationId, {
      state: 'failed', stateUnready: [reason], hookState: 'failed',
      hookStateDetails: [abandonedDetail(reason, runs), ...runs.filter(isFailedRun).map(hookStateDetail)],
      finishedAt: now, updatedAt: now,
    }, ['pending', 'running']);
  });
}

function abandonedDetail(reason: string, runs: readonly HookRun[]): HookStateDetail {
  const pre = runs.filter((r) => r.stage === 'pre').length;
  const post = runs.filter((r) => r.stage === 'post').length;
  const consequence = pre > 0 && post === 0
    ? `${pre} pre-snapshot hook run(s) happened but no post-snapshot hook ran, so whatever a pre hook froze may still be frozen`
    : 'the hooks it had not run yet never ran';
  return {
    type: ABANDONED_TYPE,
    title: 'snapshot abandoned before hooks ended',
    detail: clip(`The snapshot was not finished (${reason}): ${consequence}.`, HOOK_DETAIL_LIMITS.detail),
    additionalDetails: { preHookRuns: String(pre), postHookRuns: String(post) },
  };
}
