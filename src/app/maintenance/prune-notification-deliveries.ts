import type { AppDeps } from '../deps.ts';
import { pruneInBatches } from './prune-in-batches.ts';
import { DAY_MS } from './retention-settings.ts';

/**
 * Deletes notification delivery attempts made more than `days` days ago (0: none), in batches; returns how many.
 * They follow the job retention: each attempt is the trace of a `notification.deliver` job, which goes with it.
 */
export async function pruneNotificationDeliveries(deps: Pick<AppDeps, 'store' | 'clock'>, days: number, signal?: AbortSignal): Promise<number> {
  if (days <= 0) return 0;
  const before = deps.clock.now() - days * DAY_MS;
  return pruneInBatches((limit) => deps.store.notifications.pruneDeliveries(before, limit), signal);
}
