/**
 * Authenticated no-op throughput: Capstan's GET /api/v1/account (bearer-token lookup, role check, account read,
 * problem-details and metrics hooks, response schema) against a bare Fastify hello-world, in the same run, on
 * loopback, with the same load generator settings, the generator in a second process (bench/support/load.ts).
 * Prints both and the ratio (target ≥ 0.7).
 *
 *   npm run bench            (BENCH_SECONDS=5 BENCH_CONNECTIONS=50 by default; bounded in time)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AesGcmSecretBox } from '../src/adapters/crypto/aes-gcm-secret-box.ts';
import { createLogger } from '../src/adapters/logging/create-logger.ts';
import { createKubeConnector } from '../src/adapters/kube/kube-connector.ts';
import { OciRegistryClient } from '../src/adapters/registry/oci-registry-client.ts';
import { openSqliteStore } from '../src/adapters/store/sqlite/sqlite-store.ts';
import { webhookParsers } from '../src/adapters/webhooks/senders.ts';
import { bootstrap } from '../src/app/accounts/bootstrap.ts';
import { systemClock } from '../src/app/ports/clock.ts';
import { randomIds } from '../src/app/ports/id-source.ts';
import { buildServer } from '../src/http/server.ts';
import { BENCH_CONNECTIONS as CONNECTIONS, BENCH_SECONDS as SECONDS, load, type LoadResult } from './support/load.ts';
import { bareHelloWorld } from './support/bare-hello-world.ts';

const TOKEN = `bench-${randomBytes(16).toString('hex')}`;

async function capstan(): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bench-'));
  const store = await openSqliteStore({ file: join(dir, 'capstan.db') });
  const deps = { store, secrets: new AesGcmSecretBox(randomBytes(32)), clock: systemClock, ids: randomIds, kube: createKubeConnector(), registry: new OciRegistryClient(), webhooks: webhookParsers };
  await bootstrap(deps, TOKEN);
  const { server } = await buildServer({ app: deps, version: 'bench', publicUrl: 'http://127.0.0.1', bodyLimitBytes: 1_048_576, authCacheMs: 5_000, logger: createLogger({ level: 'warn' }), isShuttingDown: () => false });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await load(`${url}/api/v1/account`, { headers: { authorization: `Bearer ${TOKEN}` } });
  } finally {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const baseline = await bareHelloWorld();
const ours = await capstan();
const ratio = ours.rps / baseline.rps;
console.log(`bare fastify hello-world      ${baseline.rps.toFixed(0).padStart(8)} req/s  p99 ${baseline.p99} ms  ${baseline.cpuUs.toFixed(0)} µs CPU/req  errors ${baseline.errors}`);
console.log(`capstan GET /api/v1/account   ${ours.rps.toFixed(0).padStart(8)} req/s  p99 ${ours.p99} ms  ${ours.cpuUs.toFixed(0)} µs CPU/req  errors ${ours.errors}`);
console.log(`ratio ${ratio.toFixed(2)} (target >= 0.70) ${ratio >= 0.7 ? 'MET' : 'NOT MET'}; ${CONNECTIONS} connections, ${SECONDS} s each, loopback`);
if (ours.errors > 0) process.exitCode = 1;
