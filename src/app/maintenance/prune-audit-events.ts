import type { AppDeps } from '../deps.ts';
import { pruneInBatches } from './prune-in-batches.ts';
import { DAY_MS } from './retention-settings.ts';

/**
 * Deletes audit entries made more than `days` days ago (0: none), in batches, oldest first; returns how many
 * (AuditLogRepo.prune). Nothing else ever removes an entry.
 */
export async function pruneAuditEvents(deps: Pick<AppDeps, 'store' | 'clock'>, days: number, signal?: AbortSignal): Promise<number> {
  if (days <= 0) return 0;
  const before = deps.clock.now() - days * DAY_MS;
  return pruneInBatches((limit) => deps.store.auditEvents.prune(before, limit), signal);
}
