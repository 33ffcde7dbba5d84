import type { AppDeps } from '../deps.ts';
import type { StoreRepos } from '../ports/store.ts';
import { failOrphanedOperations } from '../hooks/fail-orphaned-operations.ts';
import { finishRecord } from './finish-record.ts';

/** Job kind of the orphan sweep of deploy records and application snapshots (see sweepRecords). */
export const DEPLOY_SWEEP_JOB = 'deploy.sweep';
const SWEEP_KEY = DEPLOY_SWEEP_JOB;
export const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 100;

export const ORPHANED_TEXT = 'The record stopped being run: its worker was lost and its job ran out of attempts. What it changed so far is in its changes.';

/**
 * Makes sure a sweep runs within SWEEP_EVERY_MS: one queued `deploy.sweep` job at most (the coalesce key folds
 * further calls into it, keeping its time), serialized across replicas. Called in the transaction that starts a
 * record or an application snapshot, and by the sweep itself while either is still active.
 */
export async function armRecordSweep(tx: Pick<StoreRepos, 'jobs'>, accountId: string): Promise<void> {
  await tx.jobs.enqueue({
    accountId, kind: DEPLOY_SWEEP_JOB, payload: {}, serialKey: SWEEP_KEY, coalesceKey: SWEEP_KEY, maxAttempts: 20, delayMs: SWEEP_EVERY_MS,
  });
}

/** Transactions, by their job repo (one per transaction), that have armed the sweep already. */
const armedIn = new WeakSet<object>();

/**
 * armRecordSweep for work inside the transaction `tx`: a second arm in the same transaction would only rewrite the
 * one queued sweep job with what it already holds, so only the first call does it. Group-committed intake (a batch of
 * trigger calls or pushes, each starting a record) then arms once per commit instead of once per record. A rolled-back
 * transaction's arm is gone with it; its items retried alone run in new transactions and arm again.
 */
export async function armRecordSweepIn(tx: Pick<StoreRepos, 'jobs'>, accountId: string): Promise<void> {
  if (armedIn.has(tx.jobs)) return;
  await armRecordSweep(tx, accountId);
  armedIn.add(tx.jobs);
}

/**
 * Fails queued/running records whose `deploy.run` job can no longer run them (the reaper failed it after the last
 * lease expired, or it was cancelled): a record must never stay running forever, and an active record would keep
 * its task's "one run at a time" slot. Returns how many it failed.
 */
export async function failOrphanedRecords(deps: Pick<AppDeps, 'store' | 'clock'>): Promise<number> {
  let failed = 0;
  for (;;) {
    const orphans = await deps.store.records.orphaned(SWEEP_BATCH);
    let moved = 0;
    for (const record of orphans) {
      if (await finishRecord(deps, record, record.steps, 'failed', ORPHANED_TEXT)) moved++;
    }
    failed += moved;
    if (orphans.length < SWEEP_BATCH || moved === 0) return failed;
  }
}

export interface SweepResult {
  /** Deploy records failed, and records still queued or running. */
  readonly failed: number;
  readonly active: number;
  /** Application snapshots (protection operations) failed, and those still pending or running. */
  readonly failedOperations: number;
  readonly activeOperations: number;
}

/**
 * One run of the `deploy.sweep` job: fail orphaned records and application snapshots (hooks/fail-orphaned-
 * operations.ts), then re-arm while any record or snapshot is still active (one whose job dies later is then
 * caught by the next run). With nothing active the chain ends; the next record or snapshot start arms it again.
 * One sweep serves both, so there is one chain of jobs to reason about, not two that drift apart.
 */
export async function sweepRecords(deps: Pick<AppDeps, 'store' | 'clock'>, accountId: string): Promise<SweepResult> {
  const failed = await failOrphanedRecords(deps);
  const failedOperations = await failOrphanedOperations(deps);
  const active = await deps.store.records.countActive();
  const activeOperations = await deps.store.protectionOperations.countActive();
  if (active + activeOperations > 0) await armRecordSweep(deps.store, accountId);
  return { failed, active, failedOperations, activeOperations };
}
