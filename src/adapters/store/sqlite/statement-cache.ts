import type { SqliteDatabase, SqliteStatement } from 'kysely';
import type Sqlite from 'better-sqlite3';

const MAX_STATEMENTS = 256;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs more than running a point lookup. This
 * wrapper reuses prepared statements by SQL text (bounded; cleared when full). Safe because Kysely runs one query
 * at a time on this connection and Capstan never streams (`iterate`), so a statement is never re-entered.
 */
export function withStatementCache(database: Sqlite.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => { cache.clear(); database.close(); },
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (!statement) {
        if (cache.size >= MAX_STATEMENTS) cache.clear();
        statement = database.prepare(sql) as unknown as SqliteStatement;
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
