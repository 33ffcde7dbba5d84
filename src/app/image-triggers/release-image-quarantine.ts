import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Releases one quarantined image: from now on a push of it fires the trigger again. Pushes it held back are not
 * replayed (they stay explained by their holds); the next delivery or poll of the image fires. RESOURCE_NOT_FOUND
 * when the trigger does not exist or has no such entry (already released).
 */
export async function releaseImageQuarantine(deps: Pick<AppDeps, 'store'>, accountId: string, triggerId: string, entryId: string): Promise<void> {
  if (!(await deps.store.imageTriggers.get(accountId, triggerId))) throw notFound('RESOURCE_NOT_FOUND', 'Image trigger', triggerId);
  if (!(await deps.store.imageQuarantine.release(accountId, triggerId, entryId))) throw notFound('RESOURCE_NOT_FOUND', 'Quarantine entry', entryId);
}
