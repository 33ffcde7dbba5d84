/**
 * Authenticated no-op throughput: Capstan's GET /api/v1/account (bearer-token lookup, role check, account read,
 * problem-details and metrics hooks, response schema) against a bare Fastify hello-world, in the same run, on
 * loopback, with the same load generator settings, the generator in a second process (bench/support/load.ts).
 * Baseline and Capstan alternate for BENCH_ROUNDS rounds (bench/support/rounds.ts); prints both and the median of
 * the per-round ratios (target ≥ 0.7).
 *
 *   npm run bench            (BENCH_SECONDS=5 BENCH_CONNECTIONS=50 BENCH_ROUNDS=3 by default; bounded in time)
 */
import { randomBytes } from 'node:crypto';
import { BENCH_CONNECTIONS as CONNECTIONS, BENCH_SECONDS as SECONDS, load } from './support/load.ts';
import { BENCH_ROUNDS, inRounds, row, verdict } from './support/rounds.ts';
import { bareHelloWorld } from './support/bare-hello-world.ts';
import { startBenchCapstan } from './support/bench-capstan.ts';

const TOKEN = `bench-${randomBytes(16).toString('hex')}`;

const capstan = await startBenchCapstan({ adminToken: TOKEN });
try {
  const results = await inRounds({
    baseline: () => bareHelloWorld(),
    ours: () => load(`${capstan.url}/api/v1/account`, { headers: { authorization: `Bearer ${TOKEN}` } }),
  });
  console.log(row('bare fastify hello-world', results.baseline));
  console.log(row('capstan GET /api/v1/account', results.ours));
  console.log(verdict('authenticated no-op vs bare', results.ours, results.baseline, 0.7));
  console.log(`${CONNECTIONS} connections, ${SECONDS} s per load, ${BENCH_ROUNDS} rounds alternating, loopback`);
  if (results.ours.some((r) => r.errors > 0)) process.exitCode = 1;
} finally {
  await capstan.stop();
}
