import type { AppDeps } from '../deps.ts';
import { failAppSnapshot } from './fail-app-snapshot.ts';

const SWEEP_BATCH = 100;

export const ORPHANED_OPERATION_TEXT = 'its job ended without finishing it: the worker running it was lost and the job ran out of attempts, or the job was cancelled';

/**
 * Fails pending/running application snapshots whose `app-snapshot.run` job can no longer run them (the reaper
 * failed it after the last lease expired, or it was cancelled): an operation must never stay `running` forever.
 * Part of the `deploy.sweep` job (records/record-sweep.ts). Returns how many it failed.
 */
export async function failOrphanedOperations(deps: Pick<AppDeps, 'store' | 'clock'>): Promise<number> {
  let failed = 0;
  for (;;) {
    const orphans = await deps.store.protectionOperations.orphaned(SWEEP_BATCH);
    let moved = 0;
    for (const op of orphans) {
      if (await failAppSnapshot(deps, { accountId: op.accountId, operationId: op.id }, ORPHANED_OPERATION_TEXT)) moved++;
    }
    failed += moved;
    // A batch that moved nothing would come back the same (each one changed under us): stop rather than spin.
    if (orphans.length < SWEEP_BATCH || moved === 0) return failed;
  }
}
