import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { AppError } from '../../domain/errors.ts';
import { allMigrations } from './migrations/all-migrations.ts';
import type { Database } from './schema.ts';
import type { DialectName, SqlDialect } from './sql-dialect.ts';
import { storeError } from './store-errors.ts';

function migrator(db: Kysely<Database>, dialect: DialectName): Migrator {
  const migrations = allMigrations(dialect);
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/**
 * Brings the schema to the latest migration. Each migration runs in a transaction where the dialect has
 * transactional DDL (both of ours do). Throws DATABASE_UNAVAILABLE when the database cannot be reached, INTERNAL
 * when a migration fails (the failing migration's name is in the detail, the error in `cause`).
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: SqlDialect): Promise<void> {
  const { error, results } = await migrator(db, dialect.name).migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((r) => r.status === 'Error')?.migrationName;
  const translated = storeError(error, dialect);
  if (translated.code === 'DATABASE_UNAVAILABLE') throw translated;
  throw new AppError('INTERNAL', `Database migration ${failed ?? '(setup)'} failed.`, { cause: error });
}

/** True when every migration this build knows has been executed. */
export async function migrationsApplied(db: Kysely<Database>, dialect: DialectName): Promise<boolean> {
  const infos = await migrator(db, dialect).getMigrations();
  return infos.every((m) => m.executedAt !== undefined);
}
