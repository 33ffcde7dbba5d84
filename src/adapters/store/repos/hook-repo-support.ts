/**
 * What the execution-hook repositories share: oldest-first keyset paging (the hook family lists in creation order,
 * as Astra does) and JSON columns.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Keyset } from '../page-cursor.ts';

/** `(created_at, id) > keyset`: the next page of an oldest-first list. */
export function after(keyset: Keyset): RawBuilder<SqlBool> {
  return sql<SqlBool>`(created_at, id) > (${keyset.createdAt}, ${keyset.id})`;
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}

export function parsed<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function flag(value: boolean): number {
  return value ? 1 : 0;
}
