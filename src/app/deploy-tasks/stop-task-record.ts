import type { DeployRecord } from '../../domain/deploy-record.ts';
import type { AppDeps } from '../deps.ts';
import { stopRecord } from '../records/stop-record.ts';
import { getTaskRecord } from './get-task-record.ts';

/**
 * CodeArts StopDeployTaskRecordV2: stops a record of the task (records/stop-record.ts: a queued record stops at
 * once, a running one between steps or within a second of a rollout). RECORD_FINISHED when it already ended.
 */
export async function stopTaskRecord(deps: Pick<AppDeps, 'store' | 'clock'>, accountId: string, taskId: string, recordId: string): Promise<DeployRecord> {
  await getTaskRecord(deps.store, accountId, taskId, recordId);
  return stopRecord(deps, accountId, recordId);
}
