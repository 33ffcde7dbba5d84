import { stat } from 'node:fs/promises';
import Sqlite from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Store } from '../../../app/ports/store.ts';
import { AppError } from '../../../domain/errors.ts';
import { KyselyStore } from '../kysely-store.ts';
import { migrateToLatest } from '../migrate.ts';
import type { Database } from '../schema.ts';
import { storeError } from '../store-errors.ts';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.ts';
import { sqliteSql } from './sqlite-sql.ts';
import { withStatementCache } from './statement-cache.ts';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.ts';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:' for a private database that lives as long as the store. */
  readonly file: string;
}

/**
 * Opens (creating if needed) the embedded SQLite store and migrates it to the latest schema.
 * Throws DATABASE_UNAVAILABLE when the file cannot be opened.
 *
 * One process should own a database file (Q11): better-sqlite3 is synchronous, so a second connection in the
 * same process that waits on busy_timeout blocks the very event loop the lock holder needs to finish.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const database = openFile(options.file);
  // Started after migrating, so the thread opens a file that is already in WAL mode; stopped before the writer closes.
  let checkpointer: WalCheckpointer | null = null;
  const dialect = new ImmediateSqliteDialect({ database: withStatementCache(database) }, async () => checkpointer?.close());
  const db = new Kysely<Database>({ dialect });
  try {
    await migrateToLatest(db, sqliteSql);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  if (!database.memory) checkpointer = startWalCheckpointer(options.file);
  return new KyselyStore(db, sqliteSql, database.memory ? null : (destination) => onlineBackup(database, destination));
}

/** How long a backup keeps trying to start while its first step keeps meeting an open write transaction. */
const BACKUP_START_TIMEOUT_MS = 10_000;

/**
 * SQLite's online backup (https://www.sqlite.org/backup.html) through better-sqlite3: pages are copied 100 at a
 * time, one step per turn of the event loop, so requests keep being served meanwhile. Writes on this connection
 * (the store's only one; one process owns the file, Q11) while the copy runs are applied to the pages already
 * copied as well, so the finished copy is the database as it stood when the last step ran, never a torn mix.
 *
 * A step that meets this connection's own open write transaction is skipped (SQLITE_BUSY) and tried again on the
 * next turn; but a skipped *first* step, before SQLite has counted the pages, makes better-sqlite3 report a
 * finished copy of zero pages (a database has at least one), deleting the file if it created it. Such a copy is
 * started again.
 */
async function onlineBackup(database: Sqlite.Database, destination: string): Promise<{ bytes: number }> {
  const deadline = Date.now() + BACKUP_START_TIMEOUT_MS;
  try {
    for (;;) {
      const { totalPages } = await database.backup(destination);
      if (totalPages > 0) return { bytes: (await stat(destination)).size };
      if (Date.now() > deadline) {
        throw new AppError('DATABASE_UNAVAILABLE', 'The database stayed busy; try the backup again shortly.', { retryAfterS: 5 });
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } catch (error) {
    throw storeError(error, sqliteSql);
  }
}

/**
 * WAL lets readers run beside the one writer; synchronous=NORMAL is durable across process crashes in WAL mode
 * (a power loss may drop the last commits); busy_timeout makes a writer from another process wait for the lock
 * instead of failing (https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html).
 *
 * Two costs of the durable intake paths (every trigger call and webhook event writes a row and its job, touching a
 * dozen index pages): a 64 MiB page cache (the default is 2 MiB; grown only as pages are read) keeps the indexes'
 * hot pages in memory; and checkpointing every 10 000 WAL pages (~40 MiB; the default is 1 000) lets a page
 * rewritten by many commits (the right edge of every time-ordered index) be copied to the database file once per
 * checkpoint rather than over and over. Most of that copying is done beforehand by a thread of its own
 * (wal-checkpointer.ts). None of this changes what a commit guarantees.
 */
function openFile(file: string): Sqlite.Database {
  let database: Sqlite.Database | undefined;
  try {
    database = new Sqlite(file);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('cache_size = -65536');
    database.pragma('wal_autocheckpoint = 10000');
    return database;
  } catch (error) {
    database?.close();
    // better-sqlite3 reports a missing directory as a TypeError, before SQLite is even asked.
    throw new AppError('DATABASE_UNAVAILABLE', 'The SQLite database file cannot be opened.', { cause: error });
  }
}
