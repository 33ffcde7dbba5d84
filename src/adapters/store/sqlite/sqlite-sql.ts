import { sql } from 'kysely';
import { runClaim } from '../repos/job-claim.ts';
import type { DbFailure, SqlDialect } from '../sql-dialect.ts';

/** Result codes that mean "the database cannot serve us right now" rather than "this statement is wrong". */
const UNAVAILABLE = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_PROTOCOL'];

/** Reads better-sqlite3's extended result code (`SqliteError.code`, https://www.sqlite.org/rescode.html). */
function classify(error: unknown): DbFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return { type: 'other' };
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return { type: 'unique', primaryKey: true };
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') return { type: 'unique', primaryKey: false };
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return { type: 'foreign_key' };
  if (UNAVAILABLE.some((prefix) => code === prefix || code.startsWith(`${prefix}_`))) return { type: 'unavailable' };
  return { type: 'other' };
}

const nowMs = sql<number>`cast(unixepoch('subsec') * 1000 as integer)`;

/**
 * SQLite has one writer at a time: the claim runs as one UPDATE … RETURNING inside BEGIN IMMEDIATE, so no two
 * claimers (threads of this process, or other processes on the same file) ever see the same candidate (Q3).
 */
export const sqliteSql: SqlDialect = {
  name: 'sqlite',
  nowMs,
  classify,
  claimJob(db, request) {
    if (db.isTransaction) return runClaim(db, nowMs, request, false);
    return db.transaction().execute((trx) => runClaim(trx, nowMs, request, false));
  },
};
