import type { HookRun } from '../../domain/hook-run.ts';
import type { HookRunFinish, HookRunOwner } from '../ports/hook-store.ts';
import type { StoreRepos } from '../ports/store.ts';

export const LOST_RUN_TEXT = 'its worker was lost before the run finished; whether the script ran to the end is unknown';

/**
 * When a record or operation ends, none of its hook runs can still be running: one left `running` belonged to a
 * worker that was lost mid-hook (the attempt that resumed ran its own runs). Such runs are finished as failed,
 * with what output they had, so nothing under a finished action stays running. Returns every run of the owner
 * as it now stands, in order.
 */
export async function finishLostHookRuns(repos: Pick<StoreRepos, 'hookRuns'>, accountId: string, owner: HookRunOwner, now: number): Promise<HookRun[]> {
  const runs: HookRun[] = [];
  for (const run of await repos.hookRuns.allFor(accountId, owner)) {
    if (run.state !== 'running') {
      runs.push(run);
      continue;
    }
    const finish: HookRunFinish = {
      state: 'failed', exitCode: null, message: LOST_RUN_TEXT, stdoutTail: run.stdoutTail, stderrTail: run.stderrTail,
      finishedAt: now, durationMs: Math.max(0, now - run.startedAt),
    };
    await repos.hookRuns.finish(accountId, run.id, finish);
    runs.push({ ...run, ...finish });
  }
  return runs;
}
