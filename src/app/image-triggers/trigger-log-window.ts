import type { TriggerLogWindowQuery, Window } from '../ports/image-trigger-repos.ts';
import type { TriggerLog } from '../../domain/image-trigger-log.ts';
import { normalizeRepository } from '../../domain/image-trigger.ts';
import type { AppDeps } from '../deps.ts';
import { settleTriggerLogs } from './settle-trigger-logs.ts';

/** ListTriggerLog / DescribeApplicationTriggerLogPersonal: settled first, then one offset window with the total. */
export async function triggerLogWindow(deps: Pick<AppDeps, 'store'>, accountId: string, query: TriggerLogWindowQuery): Promise<Window<TriggerLog>> {
  await settleTriggerLogs(deps, accountId);
  const repository = query.repository === undefined ? {} : { repository: normalizeRepository(query.repository) };
  return deps.store.triggerLogs.window(accountId, { ...query, ...repository });
}
