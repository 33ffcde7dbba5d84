import type { RegistryReceiver } from '../../domain/registry-receiver.ts';
import type { AppDeps } from '../deps.ts';
import type { Page, PageQuery } from '../ports/store.ts';

/** Newest first, keyset-paged. */
export function listRegistryReceivers(deps: AppDeps, accountId: string, page: PageQuery): Promise<Page<RegistryReceiver>> {
  return deps.store.registryReceivers.list(accountId, page);
}
