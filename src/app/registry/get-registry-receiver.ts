import { notFound } from '../../domain/errors.ts';
import type { RegistryReceiver } from '../../domain/registry-receiver.ts';
import type { AppDeps } from '../deps.ts';

/** Throws RECEIVER_NOT_FOUND when the account has no such receiver. */
export async function getRegistryReceiver(deps: AppDeps, accountId: string, id: string): Promise<RegistryReceiver> {
  const receiver = await deps.store.registryReceivers.get(accountId, id);
  if (!receiver) throw notFound('RECEIVER_NOT_FOUND', 'Registry receiver', id);
  return receiver;
}
