import type { ImageTriggerListQuery } from '../ports/image-trigger-repos.ts';
import type { Page } from '../ports/store.ts';
import { normalizeRepository, type ImageTrigger } from '../../domain/image-trigger.ts';
import type { AppDeps } from '../deps.ts';

/** The native list: newest first, keyset-paged; the repository filter compares case-insensitively, as matching does. */
export function listImageTriggers(deps: Pick<AppDeps, 'store'>, accountId: string, query: ImageTriggerListQuery): Promise<Page<ImageTrigger>> {
  const repository = query.repository === undefined ? {} : { repository: normalizeRepository(query.repository) };
  return deps.store.imageTriggers.list(accountId, { ...query, ...repository });
}
