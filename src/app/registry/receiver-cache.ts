import type { RegistryReceiver } from '../../domain/registry-receiver.ts';
import type { Store } from '../ports/store.ts';

/** How long a receiver read from the store is trusted: a delete on another replica takes effect within this. */
export const RECEIVER_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

export interface CachedReceiver {
  readonly receiver: RegistryReceiver;
  /** The opened secret, so a delivery costs no decryption either; null when the URL alone authenticates. */
  readonly secret: string | null;
}

/**
 * Receivers never change after creation, only disappear, so the delivery route can serve them from memory for a
 * few seconds instead of reading (and decrypting) one per webhook. A delete through this process takes effect at
 * once (`forget`); on other replicas within RECEIVER_CACHE_MS, as token revocation does (PrincipalCache). Unknown
 * ids are never remembered. Bounded: cleared when full.
 */
export class ReceiverCache {
  readonly #entries = new Map<string, { entry: CachedReceiver; until: number }>();

  get(id: string, now: number): CachedReceiver | null {
    const hit = this.#entries.get(id);
    if (hit === undefined) return null;
    if (hit.until <= now) {
      this.#entries.delete(id);
      return null;
    }
    return hit.entry;
  }

  set(entry: CachedReceiver, now: number): void {
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
    this.#entries.set(entry.receiver.id, { entry, until: now + RECEIVER_CACHE_MS });
  }

  forget(id: string): void {
    this.#entries.delete(id);
  }
}

const caches = new WeakMap<Store, ReceiverCache>();

/** The cache of one store (one per process in production; tests with their own store get their own). */
export function receiverCacheFor(store: Store): ReceiverCache {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new ReceiverCache();
    caches.set(store, cache);
  }
  return cache;
}
