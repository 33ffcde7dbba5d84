import type { SortOrder, TriggerLogOrderBy } from '../../app/ports/image-trigger-repos.ts';
import { invalid } from '../../domain/errors.ts';

/**
 * Position of the last row of a native trigger-log page under one ordering: the primary key's value (the trigger
 * name or repository; null when ordering by firing time), then the firing time and id that break ties in the same
 * direction. The ordering travels in the cursor, so a cursor replayed under another ordering is refused rather
 * than silently skipping or repeating rows.
 */
export interface TriggerLogKeyset {
  readonly key: string | null;
  readonly invokedAt: number;
  readonly id: string;
}

/** Opaque to clients: base64url of `[orderBy, order, key, invokedAt, id]`. */
export function encodeTriggerLogCursor(orderBy: TriggerLogOrderBy, order: SortOrder, keyset: TriggerLogKeyset): string {
  return Buffer.from(JSON.stringify([orderBy, order, keyset.key, keyset.invokedAt, keyset.id])).toString('base64url');
}

/** VALIDATION_FAILED for a cursor this store did not make, or one made for another ordering. */
export function decodeTriggerLogCursor(cursor: string | null | undefined, orderBy: TriggerLogOrderBy, order: SortOrder): TriggerLogKeyset | null {
  if (cursor === undefined || cursor === null || cursor === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  if (!Array.isArray(value) || value.length !== 5 || typeof value[0] !== 'string' || typeof value[1] !== 'string'
    || !(value[2] === null || typeof value[2] === 'string') || !Number.isSafeInteger(value[3]) || typeof value[4] !== 'string') {
    throw invalid('The page cursor is not valid.', [{ pointer: '/query/cursor', detail: 'not a cursor from this API' }]);
  }
  if (value[0] !== orderBy || value[1] !== order) {
    throw invalid('The page cursor was made for another ordering.', [{ pointer: '/query/cursor', detail: `pages ${String(value[0])} ${String(value[1])}; ask again with that ordering or without a cursor` }]);
  }
  if ((orderBy === 'invoke_time') !== (value[2] === null)) {
    throw invalid('The page cursor is not valid.', [{ pointer: '/query/cursor', detail: 'not a cursor from this API' }]);
  }
  return { key: value[2] as string | null, invokedAt: value[3] as number, id: value[4] as string };
}
