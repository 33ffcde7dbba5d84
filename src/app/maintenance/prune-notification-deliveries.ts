import type { AppDeps } from '../deps.ts';
import { pruneOlderThan } from './prune-older-than.ts';

/**
 * Deletes notification delivery attempts made more than `days` days ago (0: none), in batches; returns how many.
 * They follow the job retention: each attempt is the trace of a `notification.deliver` job, which goes with it.
 */
export async function pruneNotificationDeliveries(deps: Pick<AppDeps, 'store' | 'clock'>, days: number, signal?: AbortSignal): Promise<number> {
  return pruneOlderThan(deps.clock, days, (before, limit) => deps.store.notifications.pruneDeliveries(before, limit), signal);
}
