/**
 * Trigger-URL throughput: calls of POST /hook/trigger?token=… that Capstan durably accepted (deploy record + job
 * committed to SQLite before the 200), against a bare Fastify hello-world, in the same run, on loopback, with the
 * same load generator settings. Target ratio ≥ 0.5. No worker runs, so nothing leaves the machine.
 *
 * Two loads, both printed with their ratio:
 * - repeated: one trigger called over and over; after the first call each one joins the queued redeploy
 *   (coalescing, Q10) — what a chatty CI sender or a webhook storm produces;
 * - distinct: every call names a trigger that has nothing queued, so each one writes a new record and job — the
 *   worst case.
 * Afterwards the store is checked: every accepted distinct call has its own record and job. The load generator runs
 * in a second process (bench/support/load.ts), so `µs CPU/req` is the server's own CPU per request.
 *
 * The three loads alternate for BENCH_ROUNDS rounds (bench/support/rounds.ts); ratios are medians of per-round ratios.
 *
 *   node bench/trigger-url.bench.ts   (BENCH_SECONDS=5 BENCH_CONNECTIONS=50 BENCH_ROUNDS=3 by default; bounded in time)
 */
import { randomUUID } from 'node:crypto';
import { DEPLOY_RUN_JOB } from '../src/app/records/start-record.ts';
import { signTriggerToken } from '../src/app/triggers/trigger-token.ts';
import type { Trigger } from '../src/domain/trigger.ts';
import { BENCH_CONNECTIONS as CONNECTIONS, BENCH_SECONDS as SECONDS, load } from './support/load.ts';
import { BENCH_ROUNDS, inRounds, row, verdict } from './support/rounds.ts';
import { bareHelloWorld } from './support/bare-hello-world.ts';
import { countJobs, startBenchCapstan, type BenchCapstan } from './support/bench-capstan.ts';

/**
 * Distinct triggers per round: enough for ~12 000 accepted calls/s over warm-up + run, each round with its own, so
 * every round starts from triggers with nothing queued. A round that sends more calls reuses triggers (those calls
 * may coalesce) and the output says so. (The store then holds a few hundred thousand triggers, far more than any
 * real installation; a larger store only makes each distinct call's index pages colder.)
 */
const PER_ROUND = Math.min(12_000 * (SECONDS + 1), Math.floor(400_000 / BENCH_ROUNDS));

/** A Capstan with one cluster and `count` deployment triggers inserted directly, and each trigger's URL token. */
async function startCapstan(count: number): Promise<BenchCapstan & { readonly tokens: string[] }> {
  const tokens: string[] = [];
  const capstan = await startBenchCapstan({
    prepare: async ({ store, secrets }, accountId) => {
      await store.clusters.insert({ id: 'bench', accountId, name: 'bench', kubeconfigCiphertext: secrets.seal('unused'), server: 'https://127.0.0.1:1', createdAt: Date.now() });
      for (let start = 0; start < count; start += 5_000) {
        await store.transaction(async (tx) => {
          for (let i = start; i < Math.min(count, start + 5_000); i++) {
            const trigger: Trigger = {
              id: randomUUID(), accountId, clusterId: 'bench', ackId: i + 1, name: `web-${i}`, type: 'deployment', namespace: 'default',
              targetName: `web-${i}`, applicationId: null, action: 'redeploy', jti: randomUUID().replaceAll('-', ''), requireSignature: false,
              rateLimitPerMinute: null, createdBy: null, lastRedeployRecordId: null, createdAt: Date.now(), updatedAt: Date.now(),
            };
            await tx.triggers.insert(trigger);
            tokens.push(signTriggerToken(secrets, trigger));
          }
        });
      }
    },
  });
  return { ...capstan, tokens };
}

const one = await startCapstan(1);
const many = await startCapstan(PER_ROUND * BENCH_ROUNDS);
try {
  const results = await inRounds({
    baseline: () => bareHelloWorld('POST'),
    repeated: () => load(`${one.url}/hook/trigger?token=${one.tokens[0]}`, { method: 'POST' }),
    distinct: (round) => load(`${many.url}/hook/trigger`, {
      method: 'POST', paths: many.tokens.slice(round * PER_ROUND, (round + 1) * PER_ROUND).map((token) => `/hook/trigger?token=${token}`),
    }),
  });
  const records = await many.deps.store.records.count(many.accountId, {});
  const jobs = await countJobs(many.deps.store, many.accountId, DEPLOY_RUN_JOB);
  const accepted = results.distinct.reduce((sum, r) => sum + r.accepted, 0);
  const sent = results.distinct.reduce((sum, r) => sum + r.sent, 0);
  const reused = results.distinct.some((r) => r.sent > PER_ROUND);

  console.log(row('bare fastify hello-world (POST)', results.baseline));
  console.log(row('capstan trigger URL, distinct triggers', results.distinct));
  console.log(row('capstan trigger URL, one trigger (coalescing)', results.repeated));
  console.log(verdict('distinct triggers vs bare', results.distinct, results.baseline, 0.5));
  console.log(verdict('one trigger (coalescing) vs bare', results.repeated, results.baseline, 0.5));
  console.log(`distinct: ${accepted} calls answered 200 in the measured runs (${sent} sent in all, warm-up included); ` +
    `${records} records and ${jobs} ${DEPLOY_RUN_JOB} jobs committed` +
    (reused ? ' (a round sent more calls than it had triggers; those reused a trigger and may have coalesced)' : ''));
  console.log(`${CONNECTIONS} connections, ${SECONDS} s per load, ${BENCH_ROUNDS} rounds alternating, loopback, SQLite file (WAL)`);
  if (results.distinct.some((r) => r.errors > 0) || results.repeated.some((r) => r.errors > 0)) process.exitCode = 1;
  // Every answered call has its own record and job. A call in flight when a run stopped (one per connection, after
  // the warm-up and after the run) may have committed without being counted as answered.
  if (!reused && (records !== jobs || records < accepted || records > sent + 2 * CONNECTIONS * BENCH_ROUNDS)) {
    console.error(`every accepted call should have one record and one job: ${accepted} answered, ${records} records, ${jobs} jobs`);
    process.exitCode = 1;
  }
} finally {
  await one.stop();
  await many.stop();
}
