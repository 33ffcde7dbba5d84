/**
 * Authenticated no-op throughput: Capstan's GET /api/v1/account (bearer-token lookup, role check, account read,
 * problem-details and metrics hooks, response schema) against a bare Fastify hello-world, in the same run, on
 * loopback, with the same load generator settings. Prints both and the ratio (target ≥ 0.7).
 *
 *   npm run bench            (BENCH_SECONDS=5 BENCH_CONNECTIONS=50 by default; bounded in time)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { AesGcmSecretBox } from '../src/adapters/crypto/aes-gcm-secret-box.ts';
import { createLogger } from '../src/adapters/logging/create-logger.ts';
import { createKubeConnector } from '../src/adapters/kube/kube-connector.ts';
import { openSqliteStore } from '../src/adapters/store/sqlite/sqlite-store.ts';
import { bootstrap } from '../src/app/accounts/bootstrap.ts';
import { systemClock } from '../src/app/ports/clock.ts';
import { randomIds } from '../src/app/ports/id-source.ts';
import { buildServer } from '../src/http/server.ts';

const SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 5), 30);
const CONNECTIONS = Math.min(Number(process.env.BENCH_CONNECTIONS ?? 50), 200);
const TOKEN = `bench-${randomBytes(16).toString('hex')}`;

async function load(url: string, headers: Record<string, string> = {}): Promise<{ rps: number; p99: number; errors: number }> {
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 1 }); // warm-up
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function bare(): Promise<{ rps: number; p99: number; errors: number }> {
  const app = Fastify();
  app.get('/hello', async () => ({ hello: 'world' }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await load(`${url}/hello`);
  } finally {
    await app.close();
  }
}

async function capstan(): Promise<{ rps: number; p99: number; errors: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bench-'));
  const store = await openSqliteStore({ file: join(dir, 'capstan.db') });
  const deps = { store, secrets: new AesGcmSecretBox(randomBytes(32)), clock: systemClock, ids: randomIds, kube: createKubeConnector() };
  await bootstrap(deps, TOKEN);
  const { server } = await buildServer({ app: deps, version: 'bench', bodyLimitBytes: 1_048_576, authCacheMs: 5_000, logger: createLogger({ level: 'warn' }), isShuttingDown: () => false });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await load(`${url}/api/v1/account`, { authorization: `Bearer ${TOKEN}` });
  } finally {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const baseline = await bare();
const ours = await capstan();
const ratio = ours.rps / baseline.rps;
console.log(`bare fastify hello-world      ${baseline.rps.toFixed(0).padStart(8)} req/s  p99 ${baseline.p99} ms  errors ${baseline.errors}`);
console.log(`capstan GET /api/v1/account   ${ours.rps.toFixed(0).padStart(8)} req/s  p99 ${ours.p99} ms  errors ${ours.errors}`);
console.log(`ratio ${ratio.toFixed(2)} (target >= 0.70) ${ratio >= 0.7 ? 'MET' : 'NOT MET'}; ${CONNECTIONS} connections, ${SECONDS} s each, loopback`);
if (ours.errors > 0) process.exitCode = 1;
