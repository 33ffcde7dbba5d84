import { notFound } from '../../domain/errors.ts';
import type { QuarantineEntry } from '../../domain/image-quarantine.ts';
import type { AppDeps } from '../deps.ts';
import type { Page, PageQuery } from '../ports/store.ts';

/**
 * A trigger's quarantined images, newest first, keyset-paged (each with the record rolled back, the rollback that
 * did it, who, when, and how many pushes it has held back). RESOURCE_NOT_FOUND when the trigger does not exist,
 * so an empty page always means "nothing quarantined", never "no such trigger".
 */
export async function listImageQuarantine(deps: Pick<AppDeps, 'store'>, accountId: string, triggerId: string, page: PageQuery): Promise<Page<QuarantineEntry>> {
  if (!(await deps.store.imageTriggers.get(accountId, triggerId))) throw notFound('RESOURCE_NOT_FOUND', 'Image trigger', triggerId);
  return deps.store.imageQuarantine.list(accountId, triggerId, page);
}
