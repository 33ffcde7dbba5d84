/** New unique ids. Injected so tests can make ids predictable. */
export interface IdSource {
  /** A UUID v4: for everything whose id a caller sees as an opaque identifier (Astra requires v4/v5). */
  newId(): string;
  /**
   * A UUID v7 (time-ordered): for rows written at request rate (deploy records, registry events). New keys land at
   * the right edge of the primary-key index instead of on a random page, which is cheaper to write and keeps the
   * index compact. The id carries its creation time to the millisecond; use it only where that is no secret.
   */
  newOrderedId(): string;
}

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7 (RFC 9562 §5.7). Rows are often ordered by (created_at, id) with millisecond created_at, so ids made by
 * one process sort in creation order within a millisecond: the 12-bit `rand_a` field is a counter (method 1 of
 * RFC 9562 §6.2), and the timestamp never goes backwards. The random tail (variant bits and 62 random bits) comes
 * from a v4 UUID: randomUUID draws from a pre-filled entropy buffer, where randomBytes(16) is a synchronous call
 * into OpenSSL per id (~20 µs).
 */
export function uuidV7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs += 1;
    sequence = 0;
  }
  const time = lastMs.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(3, '0')}-${crypto.randomUUID().slice(19)}`;
}

export const randomIds: IdSource = { newId: () => crypto.randomUUID(), newOrderedId: () => uuidV7() };
