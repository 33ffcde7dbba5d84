/**
 * For CLI tests that deploy: a real Capstan (SQLite in a temp folder, the worker on) on a free loopback port whose
 * public URL is that port, so the trigger URLs it hands out can be called; the loopback Kubernetes API server
 * registered as cluster `loop`; and a CLI home whose commands carry the server and admin token in the environment.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CapstanClient } from '../../client/index.ts';
import { loadConfig } from '../../src/config/config.ts';
import { startCapstan } from '../../src/main.ts';
import { startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { cliHome, type CliHome, type CliResult } from './cli-harness.ts';
import { freePort } from '../helpers/free-port.ts';

export interface DeployWorld {
  readonly url: string;
  readonly adminToken: string;
  readonly kube: KubeApiServer;
  readonly client: CapstanClient;
  readonly home: CliHome;
  /** Runs `capstan` with CAPSTAN_SERVER and CAPSTAN_TOKEN set (and a fast --wait poll). */
  run(args: readonly string[], stdin?: string): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startDeployWorld(): Promise<DeployWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-cli-deploy-'));
  const adminToken = randomBytes(16).toString('hex');
  const kube = await startKubeApiServer({ rolloutStepMs: 10, progressDeadlineScale: 0.003 }); // 600 s → 1.8 s: a stuck rollout fails fast
  const port = await freePort();
  const running = await startCapstan(loadConfig({
    CAPSTAN_HOST: '127.0.0.1', CAPSTAN_PORT: String(port), CAPSTAN_DATA_DIR: dataDir, CAPSTAN_ADMIN_TOKEN: adminToken,
    CAPSTAN_LOG_LEVEL: 'silent', CAPSTAN_PUBLIC_URL: `http://127.0.0.1:${port}`,
  }));
  const client = new CapstanClient({ baseUrl: running.url, token: adminToken });
  await client.createCluster({ name: 'loopback', id: 'loop', kubeconfig: kube.kubeconfig });
  const home = cliHome();
  const env = { CAPSTAN_SERVER: running.url, CAPSTAN_TOKEN: adminToken, CAPSTAN_WAIT_POLL_MS: '100' };
  return {
    url: running.url, adminToken, kube, client, home,
    run: (args, stdin) => home.run(args, { env, ...(stdin !== undefined ? { stdin } : {}) }),
    async close() {
      await running.stop();
      await kube.close();
      home.remove();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
