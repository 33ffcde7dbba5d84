/**
 * Authenticated no-op throughput: Capstan's GET /api/v1/account (bearer-token lookup, role check, account read,
 * problem-details and metrics hooks, response schema) against a bare Fastify hello-world, in the same run, on
 * loopback, with the same load generator settings, the generator in a second process (bench/support/load.ts).
 * Baseline and Capstan alternate for BENCH_ROUNDS rounds (bench/support/rounds.ts); prints both and the median of
 * the per-round ratios (target ≥ 0.7).
 *
 *   npm run bench            (BENCH_SECONDS=5 BENCH_CONNECTIONS=50 BENCH_ROUNDS=3 by default; bounded in time)
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
import { BENCH_CONNECTIONS as CONNECTIONS, BENCH_SECONDS as SECONDS, load } from './support/load.ts';
import { BENCH_ROUNDS, inRounds, row, verdict } from './support/rounds.ts';
import { bareHelloWorld } from './support/bare-hello-world.ts';

const TOKEN = `bench-${randomBytes(16).toString('hex')}`;

/** A Capstan on a fresh SQLite file with the bootstrap token; `stop` closes it. */
async function startCapstan(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bench-'));
  const store = await openSqliteStore({ file: join(dir, 'capstan.db') });
  const deps = { store, secrets: new AesGcmSecretBox(randomBytes(32)), clock: systemClock, ids: randomIds, kube: createKubeConnector(), registry: new OciRegistryClient(), webhooks: webhookParsers };
  await bootstrap(deps, TOKEN);
  const { server } = await buildServer({ app: deps, version: 'bench', publicUrl: 'http://127.0.0.1', bodyLimitBytes: 1_048_576, authCacheMs: 5_000, logger: createLogger({ level: 'warn' }), isShuttingDown: () => false });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    stop: async () => {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const capstan = await startCapstan();
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
