/**
 * Builds the real HTTP server in-process over a real in-memory SQLite store (the store is never faked) and the
 * real Kubernetes connector, with a known admin token. Tests drive it with inject(); nothing listens.
 */
import { randomBytes } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { Registry } from 'prom-client';
import { AesGcmSecretBox } from '../../src/adapters/crypto/aes-gcm-secret-box.ts';
import { createLogger } from '../../src/adapters/logging/create-logger.ts';
import { createKubeConnector } from '../../src/adapters/kube/kube-connector.ts';
import { createPromAppMetrics } from '../../src/adapters/metrics/prom-app-metrics.ts';
import { OciRegistryClient } from '../../src/adapters/registry/oci-registry-client.ts';
import type { RegistryClient } from '../../src/app/ports/registry-client.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import { webhookParsers } from '../../src/adapters/webhooks/senders.ts';
import { bootstrap } from '../../src/app/accounts/bootstrap.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { systemClock } from '../../src/app/ports/clock.ts';
import { randomIds } from '../../src/app/ports/id-source.ts';
import { issueToken } from '../../src/app/tokens/issue-token.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { Server } from '../../src/http/http-deps.ts';
import { buildServer } from '../../src/http/server.ts';
import { jobHandlers } from '../../src/worker/job-handlers.ts';
import { Worker } from '../../src/worker/worker.ts';
import { silentLogger } from '../../src/worker/worker-logger.ts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  readonly server: Server;
  readonly deps: AppDeps;
  readonly accountId: string;
  /** Authorization header for the admin token. */
  readonly admin: { authorization: string };
  tokenFor(role: Role): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly logDestination?: DestinationStream;
  readonly logLevel?: string;
  readonly bodyLimitBytes?: number;
  /** Run a real Worker with every registered job handler (polls every 20 ms), as `npm start` does. */
  readonly worker?: boolean;
  /** The registry client, e.g. one with a request budget as main.ts wires it; default: an unthrottled OciRegistryClient. */
  readonly registry?: RegistryClient;
}

export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const store = await openSqliteStore({ file: ':memory:' });
  // Wired as main.ts does: the use cases' counters live on the registry /metrics serves.
  const metricsRegistry = new Registry();
  const deps: AppDeps = { store, secrets: new AesGcmSecretBox(randomBytes(32)), clock: systemClock, ids: randomIds, kube: createKubeConnector(),
    registry: options.registry ?? new OciRegistryClient({ timeoutMs: 5_000 }), webhooks: webhookParsers, metrics: createPromAppMetrics(metricsRegistry) };
  const { account } = await bootstrap(deps, TEST_ADMIN_TOKEN);
  const logger = createLogger({ level: options.logLevel ?? 'silent', ...(options.logDestination ? { destination: options.logDestination } : {}) });
  const { server } = await buildServer({ app: deps, version: 'test', publicUrl: 'http://capstan.test', bodyLimitBytes: options.bodyLimitBytes ?? 1_048_576, authCacheMs: 5_000, logger, isShuttingDown: () => false, metricsRegistry });
  await server.ready();
  const worker = options.worker
    ? new Worker({
        queue: store.jobs, handlers: jobHandlers(deps), owner: `test-${randomIds.newId().slice(0, 8)}`, concurrency: 4,
        leaseMs: 10_000, pollMs: 20, retryBaseMs: 50, retryCapMs: 500, logger: silentLogger,
      })
    : null;
  worker?.start();
  return {
    server, deps, accountId: account.id,
    admin: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    async tokenFor(role) {
      const { secret } = await issueToken(deps, { accountId: account.id, name: `test-${role}-${randomIds.newId()}`, role });
      return { authorization: `Bearer ${secret}` };
    },
    async close() {
      await worker?.stop({ graceMs: 5_000 });
      await server.close();
      await store.close();
    },
  };
}
