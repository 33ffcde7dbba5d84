import type { AppDeps } from '../deps.ts';
import { pruneOlderThan } from './prune-older-than.ts';

/**
 * Deletes registry events received more than `days` days ago (0: none), in batches; returns how many. The store
 * keeps the event each tag head points at and events whose `image-push.match` job is still queued or running
 * (RegistryEventRepo.prune). Trigger logs keep a pruned event's id and still list (they copy what they show).
 */
export async function pruneRegistryEvents(deps: Pick<AppDeps, 'store' | 'clock'>, days: number, signal?: AbortSignal): Promise<number> {
  return pruneOlderThan(deps.clock, days, (before, limit) => deps.store.registryEvents.prune(before, limit), signal);
}
