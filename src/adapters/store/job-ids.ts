import { uuidV7 } from '../../app/ports/id-source.ts';

/**
 * A UUIDv7 for a new job: jobs run in (created_at, id) order and created_at has millisecond resolution, so ids
 * made by one process must sort in creation order within a millisecond (uuidV7 guarantees it).
 */
export function newJobId(now: number = Date.now()): string {
  return uuidV7(now);
}
