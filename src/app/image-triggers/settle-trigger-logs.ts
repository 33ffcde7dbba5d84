import { FINAL_RECORD_STATES } from '../../domain/deploy-record.ts';
import { downgradeSkipOf } from '../../domain/downgrade-guard.ts';
import type { AppDeps } from '../deps.ts';

/** Pending firings looked at per call; only firings whose deploy is still in flight are pending. */
const BATCH = 200;

/**
 * Brings pending log rows up to date with their deploy records before the log is read, so `invokeResult` and the
 * status filter tell the record's outcome: succeeded → 0 "ok", failed → 1 with the record's reason, stopped → 2.
 * A record the no-downgrade guard kept from writing succeeded too (it did what the guard asks): 0, with the
 * guard's "Not deployed: …" sentence instead of "ok".
 * Rows whose record is still queued or running stay pending. Once settled a row never changes again, so it keeps
 * its outcome even if the record is later pruned. Idempotent; concurrent settlers write the same values.
 */
export async function settleTriggerLogs(deps: Pick<AppDeps, 'store'>, accountId: string): Promise<number> {
  const pending = await deps.store.triggerLogs.pending(accountId, BATCH);
  let settled = 0;
  for (const log of pending) {
    const record = log.recordId === null ? null : await deps.store.records.get(accountId, log.recordId);
    let moved: boolean;
    if (!record) {
      moved = await deps.store.triggerLogs.settle(accountId, log.id, 'failed', `Deploy record ${log.recordId ?? '(none)'} no longer exists; its outcome is unknown.`);
    } else if (!FINAL_RECORD_STATES.has(record.state)) {
      continue;
    } else if (record.state === 'succeeded') {
      moved = await deps.store.triggerLogs.settle(accountId, log.id, 'succeeded', downgradeSkipOf(record));
    } else if (record.state === 'stopped') {
      moved = await deps.store.triggerLogs.settle(accountId, log.id, 'stopped', record.error ?? 'The deploy was stopped before it finished.');
    } else {
      moved = await deps.store.triggerLogs.settle(accountId, log.id, 'failed', record.error ?? 'The deploy failed.');
    }
    if (moved) settled++;
  }
  return settled;
}
