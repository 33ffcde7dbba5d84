import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Page } from '../../app/ports/store.ts';
import { invalid } from '../../domain/errors.ts';

/** Position of the last row of a page, newest first: rows sort by (created_at desc, id desc). */
export interface Keyset {
  readonly createdAt: number;
  readonly id: string;
}

const MAX_PAGE = 500;

/** The cursor is opaque to clients: base64url of `[createdAt, id]`. */
export function encodeCursor(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.createdAt, keyset.id])).toString('base64url');
}

/** Throws VALIDATION_FAILED for a cursor this store did not make. */
export function decodeCursor(cursor: string | null | undefined): Keyset | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { createdAt: value[0] as number, id: value[1] };
    }
  } catch {
    // fall through: not JSON
  }
  throw invalid('The page cursor is not valid.', [{ pointer: '/query/cursor', detail: 'not a cursor from this API' }]);
}

/** `(created_at, id) < keyset` on the queried table; both dialects support row-value comparison. */
export function before(keyset: Keyset): RawBuilder<SqlBool> {
  return sql<SqlBool>`(created_at, id) < (${keyset.createdAt}, ${keyset.id})`;
}

/** How many rows to fetch: one more than the page, to know whether another page follows. */
export function fetchSize(limit: number): number {
  return Math.min(MAX_PAGE, Math.max(1, Math.trunc(limit))) + 1;
}

export function toPage<R extends { created_at: number; id: string }, T>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
): Page<T> {
  return toPageBy(rows, limit, map, (row) => row.created_at);
}

/** `toPage` for rows sorted by another time column, `(sortedAt desc, id desc)`: the cursor keeps that time. */
export function toPageBy<R extends { id: string }, T>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
  sortedAt: (row: R) => number,
): Page<T> {
  const size = fetchSize(limit) - 1;
  const items = rows.slice(0, size);
  const last = items.at(-1);
  const more = rows.length > size && last !== undefined;
  return { items: items.map(map), nextCursor: more ? encodeCursor({ createdAt: sortedAt(last), id: last.id }) : null };
}
