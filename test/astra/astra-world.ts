/**
 * A Capstan test app (real HTTP server in-process, real SQLite, optionally a real worker) wired to the loopback
 * Kubernetes API server, with one registered cluster and one application, and helpers to call the Astra surface,
 * to place pods (exec runs hook scripts in them as real local processes) and to wait for outcomes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';
import { startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { until } from '../helpers/until.ts';

export const NAMESPACE = 'payroll-prod';
export const APP_SELECTOR = 'app.kubernetes.io/instance=payroll';

export interface AstraWorld {
  readonly t: TestApp;
  readonly kube: KubeApiServer;
  readonly clusterId: string;
  readonly appId: string;
  /** A folder the hook scripts may write to (their log), removed on close. */
  readonly dir: string;
  /** Calls `/accounts/{account}` + path with the admin token (or the given headers). */
  astra(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  native(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function astraWorld(options: { readonly worker?: boolean } = {}): Promise<AstraWorld> {
  const t = await buildTestApp({ worker: options.worker ?? false });
  const kube = await startKubeApiServer({ rolloutStepMs: 10 });
  const dir = mkdtempSync(join(tmpdir(), 'capstan-astra-'));
  const native = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.server.inject({ method, url, headers: t.admin, ...(payload === undefined ? {} : { payload: payload as object }) });
  const cluster = await native('POST', '/api/v1/clusters', { id: 'loop', name: 'loopback', kubeconfig: kube.kubeconfig });
  assert.equal(cluster.statusCode, 201, cluster.body);
  const app = await native('POST', '/api/v1/applications', { name: 'payroll', clusterId: 'loop', namespace: NAMESPACE, selector: APP_SELECTOR });
  assert.equal(app.statusCode, 201, app.body);
  return {
    t, kube, clusterId: 'loop', appId: app.json().id, dir, native,
    astra: (method, path, payload, headers) => t.server.inject({
      method, url: `/accounts/${t.accountId}${path}`, headers: headers ?? t.admin, ...(payload === undefined ? {} : { payload: payload as object }),
    }),
    async close() {
      await t.close();
      await kube.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PodSpec {
  readonly name: string;
  readonly labels?: Record<string, string>;
  readonly containers: readonly { name: string; image: string }[];
  readonly claims?: readonly string[];
  readonly namespace?: string;
}

/** A pod of the application (its selector label added), mounting the given PVCs. */
export function applyPod(kube: KubeApiServer, pod: PodSpec): void {
  kube.apply({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: pod.name, namespace: pod.namespace ?? NAMESPACE, labels: { 'app.kubernetes.io/instance': 'payroll', ...pod.labels } },
    spec: {
      containers: pod.containers.map((c) => ({ ...c })),
      ...(pod.claims ? { volumes: pod.claims.map((claimName) => ({ name: claimName, persistentVolumeClaim: { claimName } })) } : {}),
    },
  });
}

export function applyClaim(kube: KubeApiServer, name: string): void {
  kube.apply({
    apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: NAMESPACE },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
}

/** Waits until the pods run (exec needs Running) and the claims are bound. */
export async function waitReady(kube: KubeApiServer, pods: readonly string[], claims: readonly string[] = [], namespace = NAMESPACE): Promise<void> {
  await waitFor('pods Running and claims Bound', () =>
    pods.every((p) => (kube.get('v1', 'Pod', namespace, p)?.status as { phase?: string } | undefined)?.phase === 'Running') &&
    claims.every((c) => (kube.get('v1', 'PersistentVolumeClaim', namespace, c)?.status as { phase?: string } | undefined)?.phase === 'Bound'));
}

/** Polls until `probe` yields something truthy (test/helpers/until.ts), within 15 s by default. */
export function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<NonNullable<T>> {
  return until(what, probe, timeoutMs, 20);
}

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** A hook script that appends `<pod> <container> <args…>` to `log` (the pretend container's env names them). */
export function loggingScript(log: string, tail = 'exit 0'): string {
  return `#!/bin/sh\necho "$CAPSTAN_TEST_POD $CAPSTAN_TEST_CONTAINER $*" >> '${log}'\necho "hook stdout $*"\necho "hook stderr" >&2\n${tail}\n`;
}

export function logLines(log: string): string[] {
  try {
    return readFileSync(log, 'utf8').split('\n').filter((l) => l !== '');
  } catch {
    return [];
  }
}
