import type { AppDeps } from '../deps.ts';
import { pruneOlderThan } from './prune-older-than.ts';

/**
 * Deletes image-trigger firing logs older than `days` days (0: none), in batches; returns how many. Each
 * repository loses its oldest firings first and its log head moves with them (TriggerLogRepo.prune), so
 * ListTriggerLog's totals and offsets stay exact.
 */
export async function pruneTriggerLogs(deps: Pick<AppDeps, 'store' | 'clock'>, days: number, signal?: AbortSignal): Promise<number> {
  return pruneOlderThan(deps.clock, days, (before, limit) => deps.store.triggerLogs.prune(before, limit), signal);
}
