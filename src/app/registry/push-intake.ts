import type { AppDeps } from '../deps.ts';
import type { ImagePushEvent } from '../../domain/image-push-event.ts';
import { sharedTransaction } from '../shared-transaction.ts';
import { acceptPushes, type AcceptedPush, type PushOrigin } from './accept-pushes.ts';

/**
 * Persists one delivery's pushes with their match jobs, in a transaction it may share with concurrent deliveries
 * (group commit, shared-transaction.ts): the promise resolves only after the transaction holding its events and
 * their match jobs has committed, so D1 holds per delivery.
 */
export function acceptDelivery(deps: Pick<AppDeps, 'store' | 'ids'>, origin: PushOrigin, pushes: readonly ImagePushEvent[]): Promise<AcceptedPush[]> {
  return sharedTransaction(deps.store, (tx) => acceptPushes(deps, tx, origin, pushes));
}
