import { MAX_PRUNE_BATCH } from '../ports/job-queue.ts';

/**
 * Calls `batch` (one store call, one transaction) until a batch deletes fewer than MAX_PRUNE_BATCH rows, or `signal`
 * aborts (the job's lease was lost, or the worker is stopping: what was deleted stays deleted, the next run goes
 * on). Returns how many rows were deleted. Always ends: a full batch deleted rows that were older than a fixed
 * cutoff, and there are only so many of those.
 */
export async function pruneInBatches(batch: (limit: number) => Promise<number>, signal?: AbortSignal): Promise<number> {
  let total = 0;
  for (;;) {
    if (signal?.aborted) return total;
    const deleted = await batch(MAX_PRUNE_BATCH);
    total += deleted;
    if (deleted < MAX_PRUNE_BATCH) return total;
  }
}
