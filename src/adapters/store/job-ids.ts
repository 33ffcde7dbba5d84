import { randomUUID } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7 (RFC 9562 §5.7) for a new job. Jobs run in (created_at, id) order and created_at has millisecond
 * resolution, so ids made by one process must sort in creation order within a millisecond: the 12-bit
 * `rand_a` field is a counter (method 1 of RFC 9562 §6.2), and the timestamp never goes backwards.
 */
export function newJobId(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs += 1;
    sequence = 0;
  }
  // The random tail (variant bits and 62 random bits) comes from a v4 UUID: randomUUID draws from a pre-filled
  // entropy buffer, where randomBytes(16) is a synchronous call into OpenSSL per id (~20 µs, on every enqueue).
  const time = lastMs.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(3, '0')}-${randomUUID().slice(19)}`;
}
