import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';
import { foundation } from './0001-foundation.ts';

/**
 * Every migration, in order, for one dialect. Names sort lexically (Kysely runs them in name order), so a later
 * issue adds `0002-<topic>.ts` exporting a `(dialect) => Migration` factory and one line here. Never edit or
 * rename a migration that has shipped.
 */
export function allMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-foundation': foundation(dialect),
  };
}
