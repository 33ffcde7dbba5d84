import { FINAL_RECORD_STATES, type DeployRecord } from '../../domain/deploy-record.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { NO_METRICS } from '../ports/app-metrics.ts';
import { finishWithNotifications } from '../notifications/finish-with-notifications.ts';
import { closeSteps } from './finish-record.ts';

/**
 * Asks a record to stop. A queued record is `stopped` at once (its job then finds it final and does nothing); a
 * running one gets `stopRequested` and its runner stops between steps, or within a second during a rollout
 * (what was written stays written: roll back to undo it). A finished record is RECORD_FINISHED; an unknown one
 * (or one of another account) RECORD_NOT_FOUND. Returns the record as stored after the request.
 */
export async function stopRecord(deps: Pick<AppDeps, 'store' | 'clock' | 'metrics'>, accountId: string, recordId: string): Promise<DeployRecord> {
  // Two rounds: the record may start running between our read and our write.
  for (let round = 0; round < 2; round++) {
    const record = await deps.store.records.get(accountId, recordId);
    if (!record) throw notFound('RECORD_NOT_FOUND', 'Deploy record', recordId);
    if (FINAL_RECORD_STATES.has(record.state)) {
      throw new AppError('RECORD_FINISHED', `Deploy record ${recordId} already ${record.state}; there is nothing to stop.`);
    }
    const now = deps.clock.now();
    if (record.state === 'queued') {
      const stopped = { state: 'stopped' as const, stopRequested: true, steps: closeSteps(record.steps, 'stopped', now), error: 'Stopped by request before it started.', finishedAt: now, updatedAt: now };
      // The stop makes the record final: its notifications are queued with it (finish-with-notifications.ts).
      const final = { ...record, state: 'stopped' as const, steps: stopped.steps };
      if (await finishWithNotifications(deps.store, final, (repos) => repos.records.update(accountId, recordId, stopped, ['queued']))) {
        (deps.metrics ?? NO_METRICS).recordFinished('stopped', record.origin);
        return reread(deps, record);
      }
      continue;
    }
    if (record.stopRequested) return record;
    if (await deps.store.records.update(accountId, recordId, { stopRequested: true, updatedAt: now }, ['running'])) return reread(deps, record);
  }
  const record = await reread(deps, { accountId, id: recordId });
  if (FINAL_RECORD_STATES.has(record.state)) throw new AppError('RECORD_FINISHED', `Deploy record ${recordId} already ${record.state}; there is nothing to stop.`);
  return record;
}

async function reread(deps: Pick<AppDeps, 'store'>, record: Pick<DeployRecord, 'accountId' | 'id'>): Promise<DeployRecord> {
  const fresh = await deps.store.records.get(record.accountId, record.id);
  if (!fresh) throw notFound('RECORD_NOT_FOUND', 'Deploy record', record.id);
  return fresh;
}
