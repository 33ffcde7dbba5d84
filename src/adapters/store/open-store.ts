import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../app/ports/store.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { acquireDataDirLock } from './sqlite/data-dir-lock.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';

export interface OpenStoreOptions {
  /** A postgres:// or postgresql:// URL selects PostgreSQL; anything else (or nothing) the embedded SQLite. */
  readonly databaseUrl?: string | null | undefined;
  /** Where the embedded database lives: `<dataDir>/capstan.db` (created if missing). */
  readonly dataDir: string;
}

export const SQLITE_FILE_NAME = 'capstan.db';

export function isPostgresUrl(url: string | null | undefined): url is string {
  return url !== undefined && url !== null && /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens and migrates the configured store: PostgreSQL for scale-out, SQLite in the data folder by default. The
 * SQLite data folder is locked to this process until the store is closed (data-dir-lock.ts, rule Q11).
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (isPostgresUrl(options.databaseUrl)) return openPostgresStore({ url: options.databaseUrl });
  mkdirSync(options.dataDir, { recursive: true });
  const lock = acquireDataDirLock(options.dataDir);
  let store: Store;
  try {
    store = await openSqliteStore({ file: join(options.dataDir, SQLITE_FILE_NAME) });
  } catch (error) {
    lock.release();
    throw error;
  }
  const close = store.close.bind(store);
  return Object.assign(store, {
    async close(): Promise<void> {
      try {
        await close();
      } finally {
        lock.release();
      }
    },
  });
}
