import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Store } from '../../../app/ports/store.ts';
import { KyselyStore } from '../kysely-store.ts';
import { migrateToLatest } from '../migrate.ts';
import type { Database } from '../schema.ts';
import { storeError } from '../store-errors.ts';
import { PostgresJobListener, type PostgresJobListenerOptions } from './postgres-job-listener.ts';
import { postgresSql } from './postgres-sql.ts';

export interface PostgresStoreOptions {
  /** `postgres://user@host:port/database`; credentials come from the URL or the usual PG* variables. */
  readonly url: string;
  readonly maxConnections?: number;
  /** Tuning of the job wake-up listener's reconnects and liveness checks (defaults suit production; tests shorten them). */
  readonly wakeupListener?: Pick<PostgresJobListenerOptions, 'retryBaseMs' | 'retryCapMs' | 'pingEveryMs'>;
}

const INT8_OID = 20;

/**
 * int8 columns (our epoch-ms times, count(*)) come back as numbers instead of strings. Set per pool rather than
 * through the global `pg.types`, so other pg users in the process are unaffected. Epoch ms fits in 2^53.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Opens a pool on PostgreSQL and migrates the schema. Replicas starting together serialise their migrations on
 * a session advisory lock held on one dedicated connection. Throws DATABASE_UNAVAILABLE when the server cannot
 * be reached.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: Math.max(2, options.maxConnections ?? 10),
    connectionTimeoutMillis: 5_000,
    types,
  });
  // An idle client losing its server emits 'error' on the pool; unhandled, it would crash the process. The next
  // query on that pool fails and is translated to DATABASE_UNAVAILABLE where it is made.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await withMigrationLock(pool, () => migrateToLatest(db, postgresSql));
  } catch (error) {
    await db.destroy();
    throw storeError(error, postgresSql);
  }
  // No online copy through the API: PostgreSQL is backed up with its own tools (pg_dump, base backups).
  // Other replicas' job wake-ups arrive on a LISTEN connection of its own, opened once a worker subscribes (Q8).
  return new KyselyStore(db, postgresSql, null, (wakeups) => new PostgresJobListener({ url: options.url, ...options.wakeupListener, ...wakeups }));
}

async function withMigrationLock(pool: pg.Pool, fn: () => Promise<void>): Promise<void> {
  const client = await pool.connect();
  const key = "hashtextextended('capstan.migrations', 0)";
  try {
    await client.query(`select pg_advisory_lock(${key})`);
    try {
      await fn();
    } finally {
      await client.query(`select pg_advisory_unlock(${key})`);
    }
  } finally {
    client.release();
  }
}
