import type { AppDeps } from '../deps.ts';
import { pruneInBatches } from './prune-in-batches.ts';
import { DAY_MS } from './retention-settings.ts';

/**
 * Deletes image-trigger firing logs older than `days` days (0: none), in batches; returns how many. Each
 * repository loses its oldest firings first and its log head moves with them (TriggerLogRepo.prune), so
 * ListTriggerLog's totals and offsets stay exact.
 */
export async function pruneTriggerLogs(deps: Pick<AppDeps, 'store' | 'clock'>, days: number, signal?: AbortSignal): Promise<number> {
  if (days <= 0) return 0;
  const before = deps.clock.now() - days * DAY_MS;
  return pruneInBatches((limit) => deps.store.triggerLogs.prune(before, limit), signal);
}
