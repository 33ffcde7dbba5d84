import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Deletes a trigger; pushes stop firing it at once. Its log rows stay (they are snapshots), and firings already
 * started run to the end. Throws RESOURCE_NOT_FOUND when it does not exist.
 */
export async function deleteImageTrigger(deps: Pick<AppDeps, 'store'>, accountId: string, id: string): Promise<void> {
  if (!(await deps.store.imageTriggers.delete(accountId, id))) throw notFound('RESOURCE_NOT_FOUND', 'Image trigger', id);
}
