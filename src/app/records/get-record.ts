import type { DeployRecord, RecordChange } from '../../domain/deploy-record.ts';
import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';

/** A record of the account with the workload changes it made, in write order. RECORD_NOT_FOUND otherwise. */
export async function getRecord(
  deps: Pick<AppDeps, 'store'>,
  accountId: string,
  recordId: string,
): Promise<{ readonly record: DeployRecord; readonly changes: RecordChange[] }> {
  const record = await deps.store.records.get(accountId, recordId);
  if (!record) throw notFound('RECORD_NOT_FOUND', 'Deploy record', recordId);
  return { record, changes: await deps.store.records.changes(record.id) };
}
