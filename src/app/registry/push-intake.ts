import type { AppDeps } from '../deps.ts';
import type { Store } from '../ports/store.ts';
import type { ImagePushEvent } from '../../domain/image-push-event.ts';
import { acceptPushes, type AcceptedPush, type PushOrigin } from './accept-pushes.ts';

/** Deliveries committed together at most; bounds how long one transaction holds the (SQLite) write lock. */
const MAX_BATCH = 256;

interface Pending {
  readonly origin: PushOrigin;
  readonly pushes: readonly ImagePushEvent[];
  readonly resolve: (accepted: AcceptedPush[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for webhook deliveries. A delivery's promise resolves only after the transaction holding its events
 * and their match jobs has committed (D1 holds per delivery); deliveries that arrive while a transaction is being
 * written, or that were read in the same turn of the event loop, are committed together. There is no timer: a lone
 * delivery is written at once, and under load the cost of a transaction is shared by everything that queued.
 *
 * If a shared transaction fails, each of its deliveries is retried alone, so one bad delivery fails only itself.
 */
class PushIntake {
  readonly #deps: Pick<AppDeps, 'store' | 'ids'>;
  readonly #queue: Pending[] = [];
  #draining = false;

  constructor(deps: Pick<AppDeps, 'store' | 'ids'>) {
    this.#deps = deps;
  }

  accept(origin: PushOrigin, pushes: readonly ImagePushEvent[]): Promise<AcceptedPush[]> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ origin, pushes, resolve, reject });
      if (this.#draining) return;
      this.#draining = true;
      // Start after the current I/O phase: every delivery read in it joins this batch. (SQLite runs synchronously,
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
          batch.forEach((item, i) => item.resolve(results[i] as AcceptedPush[]));
        } catch (error) {
          if (batch.length === 1) batch[0]?.reject(error);
          else for (const item of batch) await this.#commit([item]).then(([r]) => item.resolve(r as AcceptedPush[]), item.reject);
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  #commit(batch: readonly Pending[]): Promise<AcceptedPush[][]> {
    return this.#deps.store.transaction(async (tx) => {
      const results: AcceptedPush[][] = [];
      for (const item of batch) results.push(await acceptPushes(this.#deps, tx, item.origin, item.pushes));
      return results;
    });
  }
}

const intakes = new WeakMap<Store, PushIntake>();

/** Persists one delivery's pushes with their match jobs, in a transaction it may share with concurrent deliveries. */
export function acceptDelivery(deps: Pick<AppDeps, 'store' | 'ids'>, origin: PushOrigin, pushes: readonly ImagePushEvent[]): Promise<AcceptedPush[]> {
  let intake = intakes.get(deps.store);
  if (intake === undefined) {
    intake = new PushIntake(deps);
    intakes.set(deps.store, intake);
  }
  return intake.accept(origin, pushes);
}
