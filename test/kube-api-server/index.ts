// A loopback Kubernetes API server for tests: real HTTP, real API rules, controllers that roll workloads, and
// pods/exec that runs commands locally. See README.md for what it implements and what it does not.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControllerManager } from './controllers/controller-manager.ts';
import { containerDir } from './exec.ts';
import { AccessRules, type AccessRule } from './access.ts';
import { Faults, type FaultRule } from './faults.ts';
import { putDirect } from './handlers.ts';
import { buildKubeconfig } from './kubeconfig.ts';
import { resourceByKind, type ResourceType } from './resources.ts';
import { handleRequest, type RequestLogEntry, type ServerContext } from './router.ts';
import { ObjectStore } from './store.ts';
import { createUpgradeHandler } from './upgrade.ts';

export type { AccessRule } from './access.ts';
export { TEST_USER } from './access.ts';
export type { FaultRule } from './faults.ts';
export type { RequestLogEntry } from './router.ts';
export { daemonSetManifest, deploymentManifest, statefulSetManifest, type WorkloadManifestOptions } from './manifests.ts';

export interface KubeApiServerOptions {
  /** Time per controller step (default 20). */
  rolloutStepMs?: number;
  /** Pods with a matching image never become ready (default /fail/). */
  failingImagePattern?: RegExp;
  /** Multiplies spec.progressDeadlineSeconds (default 0.01: 600 s → 6 s). */
  progressDeadlineScale?: number;
  /** Bearer token required on every request (default random); 401 otherwise. */
  token?: string;
}

export interface KubeApiServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** YAML text: insecure-skip-tls-verify, token user, namespace default. */
  kubeconfig: string;
  /** Every request in arrival order; `status` is filled in when answered (-1: held by a timeout fault). */
  requests: RequestLogEntry[];
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /**
   * Denies a (verb, group, resource, subresource, namespace) combination to the kubeconfig's identity: the real
   * requests get 403 Forbidden and SelfSubjectAccessReviews answer `allowed: false` (see access.ts).
   */
  denyAccess(rule: AccessRule): void;
  /** Allows everything again. */
  clearDenials(): void;
  /** Create or replace objects directly (no faults, no log, no validation; missing namespaces are created). */
  apply(obj: Record<string, unknown>): Record<string, unknown>;
  get(apiVersion: string, kind: string, namespace: string | null, name: string): Record<string, unknown> | undefined;
  list(apiVersion: string, kind: string, namespace?: string): Record<string, unknown>[];
  /** Resolves when every workload's controller has nothing left to do. */
  settle(timeoutMs?: number): Promise<void>;
  /** The working directory exec uses for this pod's container (created on demand). */
  execDir(namespace: string, pod: string, container: string): string;
  close(): Promise<void>;
}

export async function startKubeApiServer(options: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  const store = new ObjectStore();
  const execRoot = mkdtempSync(join(tmpdir(), 'kube-api-server-'));
  let hostPort = '';
  const ctx: ServerContext = {
    store, faults: new Faults(), access: new AccessRules(), token: options.token ?? randomBytes(16).toString('hex'), requests: [],
    hostPort: () => hostPort, closers: new Set(),
  };
  const server = createServer((req, res) => void handleRequest(ctx, req, res));
  server.on('upgrade', createUpgradeHandler(ctx, execRoot));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hostPort = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `http://${hostPort}`;
  const controllers = new ControllerManager(store, {
    failingImagePattern: options.failingImagePattern ?? /fail/,
    progressDeadlineScale: options.progressDeadlineScale ?? 0.01,
  }, options.rolloutStepMs ?? 20);
  const apply = (obj: Record<string, unknown>): Record<string, unknown> => {
    const r = typeOf(String(obj.apiVersion), String(obj.kind));
    const metadata = (obj.metadata ?? {}) as { namespace?: string };
    if (r.namespaced) ensureNamespace(store, metadata.namespace ?? 'default');
    return putDirect(store, r, obj);
  };
  ensureNamespace(store, 'default');
  return {
    url, kubeconfig: buildKubeconfig(url, ctx.token), requests: ctx.requests,
    injectFault: (rule) => ctx.faults.add(rule),
    clearFaults: () => ctx.faults.clear(),
    denyAccess: (rule) => ctx.access.deny(rule),
    clearDenials: () => ctx.access.clear(),
    apply,
    get: (apiVersion, kind, namespace, name) => store.get(typeOf(apiVersion, kind), namespace, name),
    list: (apiVersion, kind, namespace) => store.list(typeOf(apiVersion, kind), namespace),
    settle: (timeoutMs = 10_000) => controllers.settle(timeoutMs),
    execDir: (namespace, pod, container) => {
      const found = store.get(typeOf('v1', 'Pod'), namespace, pod);
      if (!found) throw new Error(`pod ${namespace}/${pod} not found`);
      return containerDir(execRoot, found, container);
    },
    close: async () => {
      controllers.stop();
      for (const close of ctx.closers) close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(execRoot, { recursive: true, force: true });
    },
  };
}

function typeOf(apiVersion: string, kind: string): ResourceType {
  const r = resourceByKind(apiVersion, kind);
  if (!r) throw new Error(`kube-api-server does not serve ${apiVersion} ${kind}`);
  return r;
}

function ensureNamespace(store: ObjectStore, name: string): void {
  const r = typeOf('v1', 'Namespace');
  if (!store.get(r, null, name)) putDirect(store, r, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}
