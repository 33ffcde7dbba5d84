import { JOB_STATES, type Job, type JobState } from '../../../domain/job.ts';
import { AppError } from '../../../domain/errors.ts';
import type { JobRow } from '../schema.ts';

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    accountId: row.account_id,
    kind: row.kind,
    serialKey: row.serial_key,
    dedupeKey: row.dedupe_key,
    payload: JSON.parse(row.payload),
    state: toState(row),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAfter: row.run_after,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    fence: row.fence,
    lastError: row.last_error,
    result: row.result === null ? null : JSON.parse(row.result),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** JSON text for a payload or result column; `undefined` is stored as null. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function toState(row: JobRow): JobState {
  const state = JOB_STATES.find((s) => s === row.state);
  if (!state) throw new AppError('INTERNAL', `Job ${row.id} has an unknown state.`);
  return state;
}
