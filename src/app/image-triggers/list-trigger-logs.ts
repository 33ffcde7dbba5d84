import type { TriggerLogListQuery } from '../ports/image-trigger-repos.ts';
import type { Page } from '../ports/store.ts';
import type { TriggerLog } from '../../domain/image-trigger-log.ts';
import { normalizeRepository } from '../../domain/image-trigger.ts';
import type { AppDeps } from '../deps.ts';
import { settleTriggerLogs } from './settle-trigger-logs.ts';

/** The native log: settled first (so the status filter sees outcomes), then newest first or as ordered, keyset-paged. */
export async function listTriggerLogs(deps: Pick<AppDeps, 'store'>, accountId: string, query: TriggerLogListQuery): Promise<Page<TriggerLog>> {
  await settleTriggerLogs(deps, accountId);
  const repository = query.repository === undefined ? {} : { repository: normalizeRepository(query.repository) };
  return deps.store.triggerLogs.list(accountId, { ...query, ...repository });
}
