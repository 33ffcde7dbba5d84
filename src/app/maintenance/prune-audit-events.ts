import type { AppDeps } from '../deps.ts';
import { pruneOlderThan } from './prune-older-than.ts';

/**
 * Deletes audit entries made more than `days` days ago (0: none), in batches, oldest first; returns how many
 * (AuditLogRepo.prune). Nothing else ever removes an entry.
 */
export async function pruneAuditEvents(deps: Pick<AppDeps, 'store' | 'clock'>, days: number, signal?: AbortSignal): Promise<number> {
  return pruneOlderThan(deps.clock, days, (before, limit) => deps.store.auditEvents.prune(before, limit), signal);
}
