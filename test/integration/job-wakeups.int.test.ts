/**
 * Job wake-ups across replicas on PostgreSQL (protocols-reliability.md Q8): two stores on separate pools stand for
 * two replicas. Replica A only enqueues (it has no subscriber, so no LISTEN connection); replica B runs a worker.
 * A's commits NOTIFY, B's listener wakes B's worker; when B's LISTEN connection is killed, B keeps claiming by
 * polling, logs the loss without the database URL, reconnects, and looks once for what it missed.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { JOB_LISTENER_APPLICATION_NAME } from '../../src/adapters/store/postgres/postgres-job-listener.ts';
import { openPostgresStore, type PostgresStoreOptions } from '../../src/adapters/store/postgres/postgres-store.ts';
import { sharedTransaction } from '../../src/app/shared-transaction.ts';
import type { EnqueueJob } from '../../src/app/ports/job-queue.ts';
import type { Store } from '../../src/app/ports/store.ts';
import type { WorkerLogger } from '../../src/worker/worker-logger.ts';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.ts';
import { claimed, listening, sleepingWorker } from '../helpers/sleeping-worker.ts';
import { until } from '../helpers/until.ts';

const job = (extra: Partial<EnqueueJob> = {}): EnqueueJob => ({ accountId: 'a', kind: 'work', payload: {}, ...extra });

/** Never sent (the test server trusts local connections): here only to prove the logs never carry it. */
const PASSWORD = 'not-a-real-password-7f3a';

interface Replicas {
  /** The database's URL, without a password. */
  readonly url: string;
  readonly a: Store;
  readonly b: Store;
  /** Process ids of the database sessions that LISTEN for job wake-ups. */
  listeners(): Promise<number[]>;
  kill(pid: number): Promise<void>;
}

async function replicas(t: TestContext, bOptions: Partial<PostgresStoreOptions> = {}): Promise<Replicas> {
  const database = await createTestDatabase();
  const withPassword = new URL(database.url);
  withPassword.password = PASSWORD;
  const a = await openPostgresStore({ url: database.url });
  const b = await openPostgresStore({ url: withPassword.toString(), ...bOptions });
  const admin = new pg.Pool({ connectionString: database.url, max: 1 });
  t.after(async () => {
    await admin.end();
    await b.close();
    await a.close();
    await database.drop();
  });
  return {
    url: database.url, a, b,
    async listeners() {
      const { rows } = await admin.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and application_name = $1 order by pid',
        [JOB_LISTENER_APPLICATION_NAME]);
      return rows.map((r) => r.pid);
    },
    async kill(pid) {
      await admin.query('select pg_terminate_backend($1)', [pid]);
    },
  };
}

function capturingLogger(): { logger: WorkerLogger; lines: string[] } {
  const lines: string[] = [];
  const line = (level: string) => (obj: object, msg: string) => lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  return { lines, logger: { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') } };
}

describe('job wake-ups across replicas on PostgreSQL', { skip: postgresSkipReason(), timeout: 60_000 }, () => {
  test('a job enqueued by replica A is claimed at once by replica B\'s sleeping worker; a rollback wakes nobody', async (t) => {
    const { a, b, listeners } = await replicas(t);
    const { startedAt, claims } = await sleepingWorker(t, b);
    assert.equal((await listeners()).length, 1, 'one LISTEN connection, B\'s; A never subscribed');

    const first = await a.jobs.enqueue(job());
    assert.equal((await claimed(b, first.job.id, startedAt)).leaseOwner, 'woken');
    const inTransaction = await a.transaction((tx) => tx.jobs.enqueue(job()));
    await claimed(b, inTransaction.job.id, startedAt);
    const batch = await Promise.all(Array.from({ length: 10 }, () => sharedTransaction(a, (tx) => tx.jobs.enqueue(job()))));
    for (const { job: queued } of batch) await claimed(b, queued.id, startedAt);

    await until('B to finish its jobs', async () => (await a.jobs.countByState()).succeeded === 12);
    await sleep(200);
    const before = claims();
    await assert.rejects(a.transaction(async (tx) => {
      await tx.jobs.enqueue(job());
      throw new Error('rolled back');
    }), /rolled back/);
    await sleep(500);
    assert.equal(claims(), before, 'a rolled-back NOTIFY is never delivered');
  });

  test('with B\'s LISTEN connection killed, B keeps claiming by polling, logs it without the URL, and reconnects', async (t) => {
    // First reconnect 3.2–4 s after the loss; the worker polls every 300 ms meanwhile.
    const { a, b, listeners, kill } = await replicas(t, { wakeupListener: { retryBaseMs: 4_000, retryCapMs: 4_000 } });
    const { logger, lines } = capturingLogger();
    const { startedAt } = await sleepingWorker(t, b, { pollMs: 300, logger });
    const [pid] = await listeners();
    assert.ok(pid !== undefined);

    await kill(pid);
    await until('the listener session to end', async () => (await listeners()).length === 0, 5_000);
    await until('the loss to be logged', () => lines.some((l) => l.includes('has no connection')), 5_000);
    const { job: queued } = await a.jobs.enqueue(job());
    await claimed(b, queued.id, startedAt, 3_000, Number.POSITIVE_INFINITY);
    assert.deepEqual(await listeners(), [], 'claimed by polling: the listener had not reconnected yet');

    const [again] = await until('the listener to reconnect', async () => {
      const pids = await listeners();
      return pids.length === 1 ? pids : null;
    }, 10_000);
    assert.notEqual(again, pid);
    await until('the reconnection to be logged', () => lines.some((l) => l.includes('listening again')), 5_000);
    const log = lines.join('\n');
    assert.match(log, /57P01/, 'the loss is logged with its SQLSTATE (admin shutdown)');
    assert.ok(!log.includes(PASSWORD) && !log.includes('postgres://'), `the logs never carry the database URL:\n${log}`);
  });

  test('after reconnecting, B\'s listener looks once for what it missed, and wakes B for A\'s commits again', async (t) => {
    // The worker's poll is a minute away: everything B claims here it claims because it was woken.
    const { a, b, listeners, kill } = await replicas(t, { wakeupListener: { retryBaseMs: 1_000, retryCapMs: 1_000 } });
    const { startedAt } = await sleepingWorker(t, b);
    const [pid] = await listeners();
    assert.ok(pid !== undefined);

    await kill(pid);
    await until('the listener session to end', async () => (await listeners()).length === 0, 5_000);
    const missed = await a.jobs.enqueue(job()); // its NOTIFY reaches no one
    await claimed(b, missed.job.id, startedAt, 10_000);
    assert.equal((await listeners()).length, 1, 'claimed once the listener was back');

    const next = await a.jobs.enqueue(job());
    await claimed(b, next.job.id, startedAt);
  });

  test('closing a store closes its LISTEN connection promptly, while listening and while waiting to reconnect', async (t) => {
    const { url, listeners, kill } = await replicas(t);
    const open = async (options: Partial<PostgresStoreOptions> = {}): Promise<Store> => {
      const store = await openPostgresStore({ url, ...options });
      await listening(t, store);
      return store;
    };
    const listeningStore = await open();
    assert.equal((await listeners()).length, 1);
    let closing = Date.now();
    await listeningStore.close();
    assert.ok(Date.now() - closing < 3_000, 'close is prompt');
    assert.deepEqual(await listeners(), []);

    const waiting = await open({ wakeupListener: { retryBaseMs: 30_000, retryCapMs: 30_000 } });
    const [pid] = await listeners();
    assert.ok(pid !== undefined);
    await kill(pid);
    await until('the listener session to end', async () => (await listeners()).length === 0, 5_000);
    closing = Date.now();
    await waiting.close();
    assert.ok(Date.now() - closing < 3_000, 'close does not wait for the reconnect');
    await sleep(200);
    assert.deepEqual(await listeners(), [], 'and nothing reconnects after it');
  });
});
