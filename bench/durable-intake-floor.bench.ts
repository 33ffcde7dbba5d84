/**
 * The floor under every "durably accepted" benchmark (trigger-url, webhook-events): what the least possible durable
 * intake costs on this machine, with none of Capstan's code. A bare Fastify POST route that appends one narrow row
 * per request to a SQLite file (WAL, synchronous=NORMAL, as Capstan opens it) and answers once the transaction
 * holding the row has committed, with concurrent requests sharing commits (group commit, as
 * src/app/shared-transaction.ts does). No authentication, no token check, no lookup, no job, one rowid-ordered
 * table without secondary indexes.
 *
 * Its ratio against the bare hello-world is an upper bound for any design that answers only after a commit: a
 * trigger call or webhook event does at least this much, plus its checks and lookups. Rounds alternate as in the
 * other benchmarks (bench/support/rounds.ts).
 *
 *   node bench/durable-intake-floor.bench.ts   (BENCH_SECONDS=5 BENCH_CONNECTIONS=50 BENCH_ROUNDS=3 by default)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import Fastify from 'fastify';
import { bareHelloWorld } from './support/bare-hello-world.ts';
import { BENCH_CONNECTIONS as CONNECTIONS, BENCH_SECONDS as SECONDS, load } from './support/load.ts';
import { BENCH_ROUNDS, inRounds, row, verdict } from './support/rounds.ts';

const dir = mkdtempSync(join(tmpdir(), 'capstan-floor-'));
const db = new Sqlite(join(dir, 'floor.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table intake (seq integer primary key, received_at integer not null, body text not null)');
const append = db.prepare('insert into intake (received_at, body) values (?, ?)');
const begin = db.prepare('begin immediate');
const commit = db.prepare('commit');

let pending: { body: string; done: () => void }[] = [];
let scheduled = false;

/** Resolves once the row is committed; rows arriving in the same turn of the event loop share the commit. */
function appendDurably(body: string): Promise<void> {
  return new Promise((resolve) => {
    pending.push({ body, done: resolve });
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const batch = pending;
      pending = [];
      const now = Date.now();
      begin.run();
      for (const item of batch) append.run(now, item.body);
      commit.run();
      for (const item of batch) item.done();
    });
  });
}

const app = Fastify();
app.post('/intake', async (request) => {
  await appendDurably(String((request.query as { id?: string }).id ?? ''));
  return { accepted: true };
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });

try {
  let accepted = 0;
  const results = await inRounds({
    baseline: () => bareHelloWorld('POST'),
    floor: async () => {
      const result = await load(`${url}/intake?id=call`, { method: 'POST' });
      accepted += result.accepted;
      return result;
    },
  });
  const rows = (db.prepare('select count(*) as n from intake').get() as { n: number }).n;
  console.log(row('bare fastify hello-world (POST)', results.baseline));
  console.log(row('bare fastify + one durable row per request', results.floor));
  console.log(verdict('durable intake floor vs bare (an upper bound for trigger-url and webhook-events)', results.floor, results.baseline, 0.5));
  console.log(`${accepted} answered 2xx in the measured runs, ${rows} rows committed (warm-up included); ` +
    `${CONNECTIONS} connections, ${SECONDS} s per load, ${BENCH_ROUNDS} rounds alternating, loopback, SQLite WAL synchronous=NORMAL`);
  if (rows < accepted || results.floor.some((r) => r.errors > 0)) process.exitCode = 1;
} finally {
  await app.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
