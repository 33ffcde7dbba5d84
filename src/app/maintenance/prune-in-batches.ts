/** Rows one prune batch deletes at most: each batch is its own short transaction (SQLite has one writer). */
export const PRUNE_BATCH = 1_000;

/**
 * Calls `batch` (one store call, one transaction) until a batch deletes fewer than PRUNE_BATCH rows, or `signal`
 * aborts (the job's lease was lost, or the worker is stopping: what was deleted stays deleted, the next run goes
 * on). Returns how many rows were deleted. Always ends: a full batch deleted rows that were older than a fixed
 * cutoff, and there are only so many of those.
 */
export async function pruneInBatches(batch: (limit: number) => Promise<number>, signal?: AbortSignal): Promise<number> {
  let total = 0;
  for (;;) {
    if (signal?.aborted) return total;
    const deleted = await batch(PRUNE_BATCH);
    total += deleted;
    if (deleted < PRUNE_BATCH) return total;
  }
}
