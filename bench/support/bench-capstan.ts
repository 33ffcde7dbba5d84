import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmSecretBox } from '../../src/adapters/crypto/aes-gcm-secret-box.ts';
import { createLogger } from '../../src/adapters/logging/create-logger.ts';
import { createKubeConnector } from '../../src/adapters/kube/kube-connector.ts';
import { OciRegistryClient } from '../../src/adapters/registry/oci-registry-client.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import { webhookParsers } from '../../src/adapters/webhooks/senders.ts';
import { bootstrap } from '../../src/app/accounts/bootstrap.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { systemClock } from '../../src/app/ports/clock.ts';
import { randomIds } from '../../src/app/ports/id-source.ts';
import type { Store } from '../../src/app/ports/store.ts';
import { buildServer } from '../../src/http/server.ts';

export interface BenchCapstan {
  /** Where it listens (loopback, a free port). */
  readonly url: string;
  readonly deps: AppDeps;
  readonly accountId: string;
  /** Closes the server and the store and deletes the data folder. */
  readonly stop: () => Promise<void>;
}

/**
 * A Capstan as the benchmarks measure it: a fresh SQLite file in a temp folder (WAL, as `npm start` opens it), the
 * default account bootstrapped with `adminToken`, the production server, logging at warn, no worker (nothing
 * leaves the machine). `prepare` seeds rows before the server listens.
 */
export async function startBenchCapstan(options: {
  readonly adminToken?: string;
  readonly prepare?: (deps: AppDeps, accountId: string) => Promise<void>;
} = {}): Promise<BenchCapstan> {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-bench-'));
  const store = await openSqliteStore({ file: join(dir, 'capstan.db') });
  const deps: AppDeps = {
    store, secrets: new AesGcmSecretBox(randomBytes(32)), clock: systemClock, ids: randomIds, kube: createKubeConnector(),
    registry: new OciRegistryClient(), webhooks: webhookParsers,
  };
  const { account } = await bootstrap(deps, options.adminToken ?? `bench-${randomBytes(16).toString('hex')}`);
  await options.prepare?.(deps, account.id);
  const { server } = await buildServer({
    app: deps, version: 'bench', publicUrl: 'http://127.0.0.1', bodyLimitBytes: 1_048_576, authCacheMs: 5_000,
    logger: createLogger({ level: 'warn' }), isShuttingDown: () => false,
  });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  return {
    url, deps, accountId: account.id,
    stop: async () => {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How many jobs of `kind` the account has, walking the job list page by page. */
export async function countJobs(store: Store, accountId: string, kind: string): Promise<number> {
  let total = 0;
  let after: string | undefined;
  for (;;) {
    const page = await store.jobs.list(accountId, { kind, limit: 500, ...(after === undefined ? {} : { after }) });
    total += page.length;
    if (page.length < 500) return total;
    after = page.at(-1)!.id;
  }
}
