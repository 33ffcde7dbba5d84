import pg from 'pg';
import type { WakeupLogger } from '../../../app/ports/job-wakeups.ts';
import type { RemoteWakeups } from '../job-wakeup-hub.ts';
import { JOB_WAKEUP_CHANNEL } from './postgres-sql.ts';

/** The listener's connection shows up under this name in pg_stat_activity. */
export const JOB_LISTENER_APPLICATION_NAME = 'capstan-job-listener';

export interface PostgresJobListenerOptions {
  readonly url: string;
  /** This process's NOTIFY tag: its own commits have woken it already, so those notifications are skipped. */
  readonly origin: string;
  readonly onWake: () => void;
  readonly logger: WakeupLogger;
  /** Reconnect backoff: the first delay, doubled per failed attempt up to the cap. */
  readonly retryBaseMs?: number;
  readonly retryCapMs?: number;
  /**
   * How often an idle connection is checked with a query. A LISTEN connection is silent by nature, so a peer that
   * vanished (half-open TCP, a NAT or proxy dropping idle flows) would otherwise go unnoticed for as long as the
   * kernel's keepalive takes.
   */
  readonly pingEveryMs?: number;
}

/** How long a ping, the connect, or closing may take before the connection is given up. */
const CONNECT_TIMEOUT_MS = 5_000;
const QUERY_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 2_000;

/**
 * Q8's receiving end: one dedicated connection per process (never a pooled one: LISTEN belongs to a session, and a
 * pool would hand that session to other work or close it) that LISTENs on the wake-up channel and calls `onWake`
 * for every other process's notification. If the connection fails or drops, it logs that (the error's code and
 * message, never the URL), leaves the workers to their polls, and reconnects with capped exponential backoff; once
 * listening again it wakes them once, for whatever was enqueued while nobody listened. `close()` is bounded.
 */
export class PostgresJobListener implements RemoteWakeups {
  readonly listening: Promise<void>;
  readonly #listened: () => void;
  readonly #opts: PostgresJobListenerOptions;
  #client: pg.Client | null = null;
  #failures = 0;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;
  #ping: NodeJS.Timeout | undefined;

  constructor(options: PostgresJobListenerOptions) {
    this.#opts = options;
    const { promise, resolve } = Promise.withResolvers<void>();
    this.listening = promise;
    this.#listened = resolve;
    this.#connect();
  }

  #connect(): void {
    let client: pg.Client;
    try {
      client = new pg.Client({
        connectionString: this.#opts.url,
        application_name: JOB_LISTENER_APPLICATION_NAME,
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        query_timeout: QUERY_TIMEOUT_MS,
      });
    } catch (error) {
      this.#retryLater(error); // runs from a timer too, where a throw would end the process
      return;
    }
    this.#client = client;
    // Unhandled, a client's 'error' event would crash the process; both events can come for one loss.
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, null));
    client.on('notification', (message) => {
      if (message.channel === JOB_WAKEUP_CHANNEL && message.payload !== this.#opts.origin) this.#opts.onWake();
    });
    void this.#listen(client);
  }

  async #listen(client: pg.Client): Promise<void> {
    try {
      await client.connect();
      await client.query(`listen ${JOB_WAKEUP_CHANNEL}`);
    } catch (error) {
      this.#lost(client, error);
      return;
    }
    if (this.#client !== client) return; // closed or lost meanwhile
    if (this.#failures > 0) this.#opts.logger.info({ channel: JOB_WAKEUP_CHANNEL, afterFailures: this.#failures }, 'job wake-up listener is listening again');
    this.#failures = 0;
    const every = this.#opts.pingEveryMs ?? 30_000;
    this.#ping = setInterval(() => {
      client.query('select 1').catch((error: unknown) => this.#lost(client, error));
    }, every);
    this.#ping.unref();
    this.#opts.onWake(); // notifications sent while nobody listened are gone: look once now
    this.#listened();
  }

  #lost(client: pg.Client, error: unknown): void {
    if (this.#client !== client) return; // already handled, or closed
    this.#client = null;
    clearInterval(this.#ping);
    void endWithin(client, CLOSE_TIMEOUT_MS);
    this.#retryLater(error);
  }

  #retryLater(error: unknown): void {
    if (this.#closed) return;
    const base = this.#opts.retryBaseMs ?? 250;
    const cap = this.#opts.retryCapMs ?? 30_000;
    const delay = Math.round(Math.min(cap, base * 2 ** Math.min(this.#failures, 20)) * (1 - 0.2 * Math.random()));
    this.#failures++;
    this.#opts.logger.warn(
      { err: describe(error), failures: this.#failures, retryInMs: delay },
      'job wake-up listener has no connection; workers poll until it reconnects',
    );
    this.#retry = setTimeout(() => this.#connect(), delay);
    this.#retry.unref(); // a hint's retry never keeps the process alive
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listened();
    clearTimeout(this.#retry);
    clearInterval(this.#ping);
    const client = this.#client;
    this.#client = null;
    if (client) await endWithin(client, CLOSE_TIMEOUT_MS);
  }
}

/**
 * The error's code and message only: a driver error can carry the connection parameters it was raised for, and the
 * logs must never hold the database URL or its password.
 */
function describe(error: unknown): { code?: string; message: string } {
  if (error === null || error === undefined) return { message: 'the server closed the connection' };
  if (!(error instanceof Error)) return { message: 'unknown error' };
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? { code, message: error.message } : { message: error.message };
}

/** Ends the session politely, or drops the socket if the server does not answer in time (half-open TCP). */
async function endWithin(client: pg.Client, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const ended = await Promise.race([client.end().then(() => true, () => true), timedOut]);
  clearTimeout(timer);
  if (!ended) client.connection.stream.destroy();
}
