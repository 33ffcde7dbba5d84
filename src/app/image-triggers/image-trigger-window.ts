import type { ImageTriggerWindowQuery, Window } from '../ports/image-trigger-repos.ts';
import { normalizeRepository, type ImageTrigger } from '../../domain/image-trigger.ts';
import type { AppDeps } from '../deps.ts';

/** ListTrigger / DescribeApplicationTriggerPersonal: newest first, one offset window with the total. */
export function imageTriggerWindow(deps: Pick<AppDeps, 'store'>, accountId: string, query: ImageTriggerWindowQuery): Promise<Window<ImageTrigger>> {
  const repository = query.repository === undefined ? {} : { repository: normalizeRepository(query.repository) };
  return deps.store.imageTriggers.window(accountId, { ...query, ...repository });
}
