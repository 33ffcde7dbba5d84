import type { DeployRecord } from '../../domain/deploy-record.ts';
import type { StoreRepos } from '../ports/store.ts';

/** The task's newest record (what CodeArts reports as the task's last execution), or null. */
export async function lastTaskRecord(store: Pick<StoreRepos, 'records'>, accountId: string, taskId: string): Promise<DeployRecord | null> {
  return (await store.records.list(accountId, { taskId, limit: 1 })).items[0] ?? null;
}
