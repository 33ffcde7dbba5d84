import type { StoreRepos } from '../ports/store.ts';
import { retentionEnabled, type RetentionSettings } from './retention-settings.ts';

/** Job kind of the retention run (run-maintenance-prune.ts). */
export const MAINTENANCE_PRUNE_JOB = 'maintenance.prune';
const PRUNE_KEY = MAINTENANCE_PRUNE_JOB;
/** A run re-arms the next one this long after it starts. */
export const PRUNE_EVERY_MS = 3_600_000;
/** The first run after a start waits this long, so a restarting replica takes over its backlog of real work first. */
export const FIRST_PRUNE_DELAY_MS = 60_000;

/**
 * Makes sure a `maintenance.prune` job is queued, `delayMs` from now, unless every retention is off (then nothing
 * is enqueued and an existing chain ends at its next run). One chain for the whole installation, as `deploy.sweep`
 * (records/record-sweep.ts) and registry polls (registry/schedule-poll.ts) do it: the coalesce key folds a second
 * arming into the queued job (which keeps its time: a restart does not bring the next run forward), and the serial
 * key keeps two runs from overlapping across replicas. Every replica arms it when its worker starts, so the chain
 * survives any one replica. Returns whether it armed.
 *
 * The account: a job row needs one, and it only says which account a handler works for (`job.accountId`) and
 * whose JobQueue.list shows the job (no API lists jobs today); no constraint or claim reads it. Retention is not
 * per account — each batch walks every account's rows, and one key makes one chain — so per-account chains would be
 * N chains doing the same work. The chain runs under the default account's id (Capstan is single-tenant until
 * multi-account lands; AccountRepo.getDefault), and each run re-arms under the account it ran for.
 */
export async function armMaintenancePrune(
  tx: Pick<StoreRepos, 'jobs'>,
  accountId: string,
  settings: RetentionSettings,
  delayMs: number,
): Promise<boolean> {
  if (!retentionEnabled(settings)) return false;
  await tx.jobs.enqueue({
    accountId, kind: MAINTENANCE_PRUNE_JOB, payload: {}, serialKey: PRUNE_KEY, coalesceKey: PRUNE_KEY,
    // A run that fails for good does not end the chain (it re-armed first); attempts only count crashes and outages.
    maxAttempts: 5, delayMs,
  });
  return true;
}
