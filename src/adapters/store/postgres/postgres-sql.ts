import { sql } from 'kysely';
import { runClaim } from '../repos/job-claim.ts';
import type { DbFailure, SqlDialect } from '../sql-dialect.ts';

/** Socket-level failures of the connection to the server (Node's `error.code`). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/**
 * SQLSTATEs that mean the database cannot serve us, whatever the statement: server shutting down or starting,
 * out of connections or disk, database gone, login refused; and deadlock victims, which succeed when retried
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html). Classes 08 (connection) and 28 (authorization)
 * count as a whole.
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53100', '3D000', '40P01']);
const UNAVAILABLE_CLASSES = ['08', '28'];

/**
 * Classifies by SQLSTATE (`DatabaseError.code`) or socket code. node-postgres raises connection loss and pool
 * timeouts ("Connection terminated…", "timeout exceeded…") as plain `Error`s with no code at all, so a bare Error
 * from the driver also counts as unavailable — by its type, not its message.
 */
function classify(error: unknown): DbFailure {
  if (!(error instanceof Error)) return { type: 'other' };
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (typeof code === 'string') {
    // Primary keys keep PostgreSQL's default name <table>_pkey (see migrations/0001-foundation.ts).
    if (code === '23505') return { type: 'unique', primaryKey: typeof constraint === 'string' && constraint.endsWith('_pkey') };
    if (code === '23503') return { type: 'foreign_key' };
    if (UNAVAILABLE_STATES.has(code) || SOCKET_CODES.has(code)) return { type: 'unavailable' };
    if (code.length === 5 && UNAVAILABLE_CLASSES.includes(code.slice(0, 2))) return { type: 'unavailable' };
    return { type: 'other' };
  }
  return Object.getPrototypeOf(error) === Error.prototype ? { type: 'unavailable' } : { type: 'other' };
}

// statement_timestamp(): the clock at the start of the current statement — fresh for every statement (unlike now(),
// which is frozen for a whole transaction) yet one value within a statement, as SQLite's 'now' is.
const nowMs = sql<number>`(extract(epoch from statement_timestamp()) * 1000)::bigint`;

/** The LISTEN/NOTIFY channel of job wake-ups (postgres-job-listener.ts); the payload is the sender's origin. */
export const JOB_WAKEUP_CHANNEL = 'capstan_jobs_ready';

/**
 * PostgreSQL claim: the candidate is selected FOR UPDATE SKIP LOCKED so concurrent claimers take different rows;
 * when two still race onto one serial key the partial unique index raises 23505 for the loser, which is
 * "nothing claimed" (Q3). Call it outside a transaction: a 23505 inside one would abort the caller's transaction.
 */
export const postgresSql: SqlDialect = {
  name: 'postgres',
  nowMs,
  classify,
  async notifyJobsReady(db, origin) {
    // pg_notify rather than NOTIFY, which takes no bind parameters. In a transaction PostgreSQL queues it until
    // COMMIT and drops it on ROLLBACK (https://www.postgresql.org/docs/current/sql-notify.html).
    await sql`select pg_notify(${JOB_WAKEUP_CHANNEL}, ${origin})`.execute(db);
  },
  async claimJob(db, request) {
    try {
      return await runClaim(db, nowMs, request, true);
    } catch (error) {
      if (classify(error).type === 'unique') return null;
      throw error;
    }
  },
};
