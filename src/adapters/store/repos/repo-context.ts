import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';

/** What every repository is built on: the store itself, or one open transaction of it. */
export interface RepoContext {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
}

/** Kysely reports affected rows as bigint. */
export function affected(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number {
  return Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
}
