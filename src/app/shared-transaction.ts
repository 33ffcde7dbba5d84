import type { Store, StoreRepos } from './ports/store.ts';

/** Work items committed together at most; bounds how long one transaction holds the (SQLite) write lock. */
const MAX_BATCH = 256;

interface Pending {
  readonly work: (tx: StoreRepos) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit. Each work item's promise settles only after the transaction holding its writes has committed, so
 * "durably accepted before the answer" holds per item; items queued while a transaction is being written, or in
 * the same turn of the event loop, are written in one transaction. There is no timer: a lone item is written at
 * once, and under load the cost of a commit (on SQLite, a WAL write of every page touched) is shared.
 *
 * If a shared transaction fails (one item's error, a PostgreSQL deadlock or serialization failure between two
 * replicas' batches), each of its items is retried alone, so one bad item fails only itself. Work must therefore be
 * safe to run twice: it only writes through `tx`, and a rolled-back first run leaves nothing behind.
 */
class GroupCommit {
  readonly #store: Store;
  readonly #queue: Pending[] = [];
  #draining = false;

  constructor(store: Store) {
    this.#store = store;
  }

  run<T>(work: (tx: StoreRepos) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.#draining) return;
      this.#draining = true;
      // Start after the current I/O phase: every request read in it joins this batch. (SQLite runs synchronously,
      // so a transaction started right away would finish before the next request is even parsed.)
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        try {
          const results = await this.#commit(batch);
          batch.forEach((item, i) => item.resolve(results[i]));
        } catch (error) {
          if (batch.length === 1) batch[0]?.reject(error);
          else for (const item of batch) await this.#commit([item]).then(([r]) => item.resolve(r), item.reject);
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  #commit(batch: readonly Pending[]): Promise<unknown[]> {
    return this.#store.transaction(async (tx) => {
      const results: unknown[] = [];
      for (const item of batch) results.push(await item.work(tx));
      return results;
    });
  }
}

const groups = new WeakMap<Store, GroupCommit>();

/**
 * Runs `work` in a transaction of `store` that it may share with other callers' work (one queue per store, so
 * webhook deliveries and trigger calls share commits too), and resolves once that transaction has committed.
 */
export function sharedTransaction<T>(store: Store, work: (tx: StoreRepos) => Promise<T>): Promise<T> {
  let group = groups.get(store);
  if (group === undefined) {
    group = new GroupCommit(store);
    groups.set(store, group);
  }
  return group.run(work);
}

/**
 * A read that may share a transaction with other callers' work (for hot read paths such as a trigger call's
 * lookup). On SQLite every statement outside a transaction opens and closes a read transaction of its own, taking
 * and dropping the WAL read lock on the shared-memory file each time; under load that cost several times the read
 * itself (bench/trigger-url.bench.ts), while inside a shared transaction it is paid once per batch. On PostgreSQL the
 * read runs on its own, on a pooled connection, beside the others.
 *
 * The result is what was committed when the read ran, as for any read. `work` must only read: on SQLite it runs
 * inside a write transaction. Never call it (or sharedTransaction) from inside a shared transaction's work: that
 * work's batch would wait for a batch that cannot start before it ends.
 */
export function sharedRead<T>(store: Store, work: (repos: StoreRepos) => Promise<T>): Promise<T> {
  return store.dialect === 'sqlite' ? sharedTransaction(store, work) : work(store);
}
