import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { receiverCacheFor } from './receiver-cache.ts';

/**
 * Deletes a receiver: its URL stops working (404) at once on this replica, on others within RECEIVER_CACHE_MS. Events
 * it accepted stay, with its id as their source, and their match jobs still run.
 */
export async function deleteRegistryReceiver(deps: AppDeps, accountId: string, id: string): Promise<void> {
  if (!(await deps.store.registryReceivers.delete(accountId, id))) throw notFound('RECEIVER_NOT_FOUND', 'Registry receiver', id);
  receiverCacheFor(deps.store).forget(id);
}
