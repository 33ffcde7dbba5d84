import type { Store, StoreRepos } from '../ports/store.ts';
import { enqueueRecordNotifications, wantedRoutes, type FinalRecord } from './enqueue-record-notifications.ts';

/**
 * Makes a record final with `write` (a guarded state change; false when it wrote nothing) and queues the
 * notifications the finish owes in the same transaction (enqueue-record-notifications.ts).
 *
 * Hot path: the channels are read first, outside any transaction. When none wants the record — the common case —
 * `write` runs on its own exactly as it would without notifications, so the whole cost is that one indexed read.
 * Only a finish that some channel wants pays for a transaction around the write and its jobs. A channel created or
 * enabled while a record finishes may miss that record; one disabled or deleted meanwhile is checked again when the
 * message is sent.
 */
export async function finishWithNotifications(
  store: Store,
  record: FinalRecord,
  write: (repos: StoreRepos) => Promise<boolean>,
): Promise<boolean> {
  const routes = await wantedRoutes(store, record);
  if (routes.length === 0) return write(store);
  return store.transaction(async (tx) => {
    const wrote = await write(tx);
    if (wrote) await enqueueRecordNotifications(tx, record, routes);
    return wrote;
  });
}
