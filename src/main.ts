/**
 * Composition root: the only file that imports from every layer. Reads config, opens the store (SQLite in the
 * data folder unless CAPSTAN_DATABASE_URL names PostgreSQL), bootstraps the default account and admin token,
 * starts the worker and the HTTP server, and shuts both down gracefully on SIGTERM/SIGINT.
 */
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { AesGcmSecretBox } from './adapters/crypto/aes-gcm-secret-box.ts';
import { loadOrCreateMasterKey } from './adapters/crypto/master-key.ts';
import { createLogger } from './adapters/logging/create-logger.ts';
import { createKubeConnector } from './adapters/kube/kube-connector.ts';
import { createPromAppMetrics } from './adapters/metrics/prom-app-metrics.ts';
import { OciRegistryClient } from './adapters/registry/oci-registry-client.ts';
import { RegistryRequestBudget } from './adapters/registry/registry-request-budget.ts';
import { HttpNotificationSender } from './adapters/notifications/http-notification-sender.ts';
import { openStore } from './adapters/store/open-store.ts';
import { webhookParsers } from './adapters/webhooks/senders.ts';
import { bootstrap } from './app/accounts/bootstrap.ts';
import { armMaintenancePrune, FIRST_PRUNE_DELAY_MS } from './app/maintenance/arm-maintenance-prune.ts';
import type { RetentionSettings } from './app/maintenance/retention-settings.ts';
import type { AppDeps } from './app/deps.ts';
import { systemClock } from './app/ports/clock.ts';
import { randomIds } from './app/ports/id-source.ts';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { buildServer } from './http/server.ts';
import { Worker } from './worker/worker.ts';
import { jobHandlers } from './worker/job-handlers.ts';

const VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

export interface RunningCapstan {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startCapstan(config: Config): Promise<RunningCapstan> {
  const logger = createLogger({ level: config.logLevel });
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // One registry for /metrics: the HTTP plugin's request metrics and the use cases' outcome counters.
  const metricsRegistry = new Registry();
  const deps: AppDeps = {
    store,
    secrets: new AesGcmSecretBox(loadOrCreateMasterKey(config.dataDir, config.masterKey)),
    clock: systemClock,
    ids: randomIds,
    kube: createKubeConnector(),
    // One budget per process, so every watched repository on a host shares that host's rate and 429 pauses.
    registry: new OciRegistryClient({
      userAgent: `capstan/${VERSION}`,
      budget: new RegistryRequestBudget({ ratePerSecond: config.registryRate.perSecond, burst: config.registryRate.burst }),
    }),
    webhooks: webhookParsers,
    metrics: createPromAppMetrics(metricsRegistry),
  };
  const { account, generatedToken } = await bootstrap(deps, config.adminToken);
  if (generatedToken) announceToken(generatedToken);

  const retention: RetentionSettings = {
    jobDays: config.jobRetentionDays, eventDays: config.eventRetentionDays, triggerLogDays: config.triggerLogRetentionDays, auditDays: config.auditRetentionDays,
  };
  let shuttingDown = false;
  const { server } = await buildServer({ app: deps, version: VERSION, publicUrl: config.publicUrl, bodyLimitBytes: config.bodyLimitBytes, authCacheMs: config.authCacheMs, logger, isShuttingDown: () => shuttingDown, metricsRegistry });
  const worker = new Worker({
    queue: store.jobs,
    handlers: jobHandlers(deps, {
      hookTimeoutMs: config.hookTimeoutMs, maintenance: { retention, logger: logger.child({ component: 'retention' }) },
      notifications: { publicUrl: config.publicUrl, sender: new HttpNotificationSender({ userAgent: `capstan/${VERSION}` }) },
    }),
    owner: `${process.pid}-${crypto.randomUUID().slice(0, 8)}`,
    concurrency: config.workerConcurrency, leaseMs: config.jobLeaseMs, pollMs: config.jobPollMs, retryBaseMs: 2_000, retryCapMs: 300_000,
    wakeups: store.jobWakeups,
    logger: logger.child({ component: 'worker' }),
  });
  if (config.workerEnabled) {
    worker.start();
    // Retention (README): one `maintenance.prune` chain for the installation, under the default account.
    await armMaintenancePrune(store, account.id, retention, FIRST_PRUNE_DELAY_MS);
  }
  const address = await server.listen({ host: config.host, port: config.port });
  logger.info({ address, account: account.id, database: store.dialect, version: VERSION }, 'capstan is serving');

  return {
    url: address,
    async stop() {
      shuttingDown = true;
      logger.info('shutting down: no new requests, finishing running jobs');
      await server.close();
      await worker.stop({ graceMs: config.shutdownGraceMs });
      await store.close();
      logger.info('shut down cleanly');
      logger.flush();
    },
  };
}

/** Printed to stderr once and never logged: the only copy of the first admin token. */
function announceToken(token: string): void {
  process.stderr.write(
    `\nCapstan generated the first admin token. It is shown once and stored only as a hash:\n\n    ${token}\n\n` +
    'Use it as "Authorization: Bearer <token>". Set CAPSTAN_ADMIN_TOKEN to choose your own instead.\n\n');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`capstan: ${error.message}`);
    process.exit(2);
  }
  const running = await startCapstan(config);
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    running.stop().then(() => process.exit(0), (error: unknown) => {
      console.error(`capstan: shutdown after ${signal} failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(`capstan: failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
