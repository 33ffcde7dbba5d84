import type { Clock } from '../ports/clock.ts';
import { MAX_PRUNE_BATCH } from '../ports/job-queue.ts';
import { DAY_MS } from './retention-settings.ts';

/**
 * One retention: deletes what is older than `days` days (0 or less: nothing, the kind is kept forever) by calling
 * `prune` (one store call, one transaction, at most `limit` rows before the cutoff) until a batch deletes fewer than
 * MAX_PRUNE_BATCH rows, or `signal` aborts (the job's lease was lost, or the worker is stopping: what was deleted
 * stays deleted, the next run goes on). Returns how many rows were deleted. Always ends: the cutoff is fixed once,
 * so a full batch deleted rows older than it, and there are only so many of those.
 */
export async function pruneOlderThan(
  clock: Clock,
  days: number,
  prune: (before: number, limit: number) => Promise<number>,
  signal?: AbortSignal,
): Promise<number> {
  if (days <= 0) return 0;
  const before = clock.now() - days * DAY_MS;
  let total = 0;
  for (;;) {
    if (signal?.aborted) return total;
    const deleted = await prune(before, MAX_PRUNE_BATCH);
    total += deleted;
    if (deleted < MAX_PRUNE_BATCH) return total;
  }
}
