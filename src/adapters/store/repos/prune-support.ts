import type { Kysely } from 'kysely';
import { MAX_PRUNE_BATCH } from '../../../app/ports/job-queue.ts';
import type { Database } from '../schema.ts';

/** A retention batch's row limit: at least 1, at most MAX_PRUNE_BATCH. */
export function pruneBatchSize(limit: number): number {
  return Math.min(MAX_PRUNE_BATCH, Math.max(1, Math.trunc(Number.isFinite(limit) ? limit : 1)));
}

/**
 * The smallest account id in `table` after `after` (the first with null), or null when there is none: one seek in
 * the table's `(account_id, created_at, id)` page index (`(account_id, at, id)` for audit_events). Retention walks the accounts that have rows this way, so
 * each account's old rows are then found by a range on that same index (no index on age alone is needed, and
 * none is added to the write paths), and rows are reached whether or not their account is in `accounts`.
 */
export async function nextAccountId(db: Kysely<Database>, table: 'jobs' | 'registry_events' | 'audit_events', after: string | null): Promise<string | null> {
  let q = db.selectFrom(table).select('account_id');
  if (after !== null) q = q.where('account_id', '>', after);
  const row = await q.orderBy('account_id').limit(1).executeTakeFirst();
  return row?.account_id ?? null;
}
