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
 *   node bench/trigger-url.bench.ts   (BENCH_SECONDS=5 BENCH_CONNECTIONS=50 by default; bounded in time)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { AesGcmSecretBox } from '../src/adapters/crypto/aes-gcm-secret-box.ts';
import { createLogger } from '../src/adapters/logging/create-logger.ts';
import { createKubeConnector } from '../src/adapters/kube/kube-connector.ts';
import { OciRegistryClient } from '../src/adapters/registry/oci-registry-client.ts';
import { openSqliteStore } from '../src/adapters/store/sqlite/sqlite-store.ts';
import { webhookParsers } from '../src/adapters/webhooks/senders.ts';
import { bootstrap } from '../src/app/accounts/bootstrap.ts';
import type { AppDeps } from '../src/app/deps.ts';
import { systemClock } from '../src/app/ports/clock.ts';
import { randomIds } from '../src/app/ports/id-source.ts';
import { DEPLOY_RUN_JOB } from '../src/app/records/start-record.ts';
import { signTriggerToken } from '../src/app/triggers/trigger-token.ts';
import type { Trigger } from '../src/domain/trigger.ts';
import { buildServer } from '../src/http/server.ts';
import { BENCH_CONNECTIONS as CONNECTIONS, BENCH_SECONDS as SECONDS, load, type LoadResult } from './support/load.ts';
import { bareHelloWorld } from './support/bare-hello-world.ts';

/** Enough distinct triggers for ~25 000 accepted calls/s over warm-up + run; beyond that calls would coalesce. */
const DISTINCT_TRIGGERS = Math.min(25_000 * (SECONDS + 1), 400_000);

/** A Capstan on a fresh SQLite file with one cluster and `count` deployment triggers inserted directly. */
async function capstanWith(count: number, run: (url: string, deps: AppDeps, tokens: string[]) => Promise<LoadResult>): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bench-'));
  const store = await openSqliteStore({ file: join(dir, 'capstan.db') });
  const secrets = new AesGcmSecretBox(randomBytes(32));
  const deps: AppDeps = { store, secrets, clock: systemClock, ids: randomIds, kube: createKubeConnector(), registry: new OciRegistryClient(), webhooks: webhookParsers };
  const { account } = await bootstrap(deps, `bench-${randomBytes(16).toString('hex')}`);
  await store.clusters.insert({ id: 'bench', accountId: account.id, name: 'bench', kubeconfigCiphertext: secrets.seal('unused'), server: 'https://127.0.0.1:1', createdAt: Date.now() });
  const tokens: string[] = [];
  for (let start = 0; start < count; start += 5_000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(count, start + 5_000); i++) {
        const trigger: Trigger = {
          id: randomUUID(), accountId: account.id, clusterId: 'bench', ackId: i + 1, name: `web-${i}`, type: 'deployment', namespace: 'default',
          targetName: `web-${i}`, applicationId: null, action: 'redeploy', jti: randomUUID().replaceAll('-', ''), requireSignature: false,
          rateLimitPerMinute: null, createdBy: null, lastRedeployRecordId: null, createdAt: Date.now(), updatedAt: Date.now(),
        };
        await tx.triggers.insert(trigger);
        tokens.push(signTriggerToken(secrets, trigger));
      }
    });
  }
  const { server } = await buildServer({ app: deps, version: 'bench', publicUrl: 'http://127.0.0.1', bodyLimitBytes: 1_048_576, authCacheMs: 5_000, logger: createLogger({ level: 'warn' }), isShuttingDown: () => false });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  try {
    return await run(url, deps, tokens);
  } finally {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function countJobs(deps: AppDeps, accountId: string, kind: string): Promise<number> {
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const page = await deps.store.jobs.list(accountId, { kind, limit: 500, ...(after ? { after } : {}) });
    count += page.length;
    if (page.length < 500) return count;
    after = page.at(-1)!.id;
  }
}

const baseline = await bareHelloWorld('POST');

// The light load first, on a fresh heap; the distinct load holds a token per trigger.
const repeated = await capstanWith(1, (url, _deps, tokens) => load(`${url}/hook/trigger?token=${tokens[0]}`, { method: 'POST' }));

let records = 0;
let jobs = 0;
const distinct = await capstanWith(DISTINCT_TRIGGERS, async (url, deps, tokens) => {
  const result = await load(`${url}/hook/trigger`, { method: 'POST', paths: tokens.map((token) => `/hook/trigger?token=${token}`) });
  const accountId = (await deps.store.accounts.getDefault())!.id;
  records = await deps.store.records.count(accountId, {});
  jobs = await countJobs(deps, accountId, DEPLOY_RUN_JOB);
  return result;
});

const calls = distinct.sent;
const row = (label: string, r: LoadResult) =>
  `${label.padEnd(46)} ${r.rps.toFixed(0).padStart(8)} req/s  p99 ${String(r.p99).padStart(4)} ms  ${r.cpuUs.toFixed(0).padStart(5)} µs CPU/req  errors ${r.errors}`;
console.log(row('bare fastify hello-world (POST)', baseline));
console.log(row('capstan trigger URL, distinct triggers', distinct));
console.log(row('capstan trigger URL, one trigger (coalescing)', repeated));
console.log(`distinct: ${distinct.accepted} calls answered 200 in the measured run (${calls} sent in all, warm-up included); ` +
  `${records} records and ${jobs} ${DEPLOY_RUN_JOB} jobs committed` +
  (calls > DISTINCT_TRIGGERS ? ` (${calls - DISTINCT_TRIGGERS} calls reused a trigger and may have coalesced)` : ''));
const ratio = distinct.rps / baseline.rps;
const coalescing = repeated.rps / baseline.rps;
console.log(`ratio (req/s vs bare, target >= 0.50): distinct ${ratio.toFixed(2)} ${ratio >= 0.5 ? 'MET' : 'NOT MET'}, ` +
  `coalescing ${coalescing.toFixed(2)} ${coalescing >= 0.5 ? 'MET' : 'NOT MET'}; ${CONNECTIONS} connections, ${SECONDS} s each, loopback`);
console.log(`ratio by CPU per request (bare / capstan; steadier on a busy machine): distinct ${(baseline.cpuUs / distinct.cpuUs).toFixed(2)}, ` +
  `coalescing ${(baseline.cpuUs / repeated.cpuUs).toFixed(2)}`);
if (distinct.errors > 0 || repeated.errors > 0) process.exitCode = 1;
// Every answered call has its own record and job. A call in flight when a run stopped (one per connection, after
// the warm-up and after the run) may have committed without being counted as answered.
if (calls <= DISTINCT_TRIGGERS && (records !== jobs || records < distinct.accepted || records > calls + 2 * CONNECTIONS)) {
  console.error(`every accepted call should have one record and one job: ${distinct.accepted} answered, ${records} records, ${jobs} jobs`);
  process.exitCode = 1;
}
