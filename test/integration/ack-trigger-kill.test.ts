/**
 * DESIGN.md execution model 1 for trigger URLs, with real processes: `node src/main.ts` on a SQLite file answers a
 * trigger call and is SIGKILLed right after the 200; a new process on the same data folder still performs the
 * restart (new ReplicaSet, restartedAt) and the record ends succeeded. Once with the first process's worker off
 * (the call was only accepted), once with it on and killed mid-flight (its lease runs out, the next one resumes),
 * and that again on PostgreSQL when one is available.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCapstan, stopCapstan, type CapstanProcess } from '../helpers/capstan-process.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';

const ADMIN = 'ack-kill-test-admin-token-0123456789';
const CLUSTER = 'c5cdf7e3938bc4f8eb0e44b21a80f0001';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

function start(dataDir: string, env: Record<string, string>): Promise<CapstanProcess> {
  return startCapstan({ CAPSTAN_DATA_DIR: dataDir, CAPSTAN_ADMIN_TOKEN: ADMIN, ...env });
}

async function request<T = unknown>(base: string, method: string, path: string, body?: object): Promise<{ status: number; json: () => Promise<T> }> {
  const res = await fetch(`${base}${path}`, {
    method, headers: { authorization: `Bearer ${ADMIN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: () => res.json() as Promise<T> };
}

/** Registers the loopback cluster and an ACK trigger on `default/web`; returns the hook path and the native id. */
async function setUpTrigger(base: string, kube: KubeApiServer): Promise<{ hook: string; id: string }> {
  assert.equal((await request(base, 'POST', '/api/v1/clusters', { id: CLUSTER, name: 'loop', kubeconfig: kube.kubeconfig })).status, 201);
  const created = await request<{ id: string }>(base, 'POST', `/clusters/${CLUSTER}/triggers`, { cluster_id: CLUSTER, project_id: 'default/web', action: 'redeploy', type: 'deployment' });
  assert.equal(created.status, 200);
  const ackId = (await created.json()).id;
  const [described] = await (await request<{ id: string; token: string }[]>(base, 'GET', `/clusters/${CLUSTER}/triggers?Namespace=default&Name=web`)).json();
  assert.ok(described);
  assert.equal(described.id, ackId);
  const [native] = (await (await request<{ items: { id: string }[] }>(base, 'GET', `/api/v1/triggers?clusterId=${CLUSTER}`)).json()).items;
  assert.ok(native);
  return { hook: `/hook/trigger?token=${described.token}`, id: native.id };
}

async function recordFinished(base: string, triggerId: string, recordId: string, timeoutMs: number): Promise<{ state: string; error: string | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request<{ items: { recordId: string; state: string; error: string | null }[] }>(base, 'GET', `/api/v1/triggers/${triggerId}/invocations`);
    const found = (await res.json()).items.find((i) => i.recordId === recordId);
    if (found && ['succeeded', 'failed', 'stopped'].includes(found.state)) return found;
    assert.ok(Date.now() < deadline, `record ${recordId} did not finish in time: ${JSON.stringify(found)}`);
    await sleep(100);
  }
}

function restartedAt(kube: KubeApiServer): string | undefined {
  const web = kube.get('apps/v1', 'Deployment', 'default', 'web') as { spec: { template: { metadata: { annotations?: Record<string, string> } } } };
  return web.spec.template.metadata.annotations?.[RESTARTED_AT];
}

async function scenario(firstWorker: boolean, extraEnv: Record<string, string> = {}): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-ack-kill-'));
  const kube = await startKubeApiServer({ rolloutStepMs: 10 });
  const started: CapstanProcess[] = [];
  try {
    kube.apply(deploymentManifest({ name: 'web' }));
    await kube.settle();
    const lease = { CAPSTAN_JOB_LEASE_MS: '1500', ...extraEnv };
    const first = await start(dataDir, { CAPSTAN_WORKER: String(firstWorker), ...lease });
    started.push(first);
    const { hook, id } = await setUpTrigger(first.url, kube);

    const answer = await fetch(`${first.url}${hook}`, { method: 'POST' });
    const body = await answer.json() as { code: string; requestId: string };
    await stopCapstan(first, 'SIGKILL');
    assert.equal(answer.status, 200, JSON.stringify(body));
    assert.equal(body.code, '200');
    if (!firstWorker) assert.equal(restartedAt(kube), undefined, 'nothing was restarted before the kill');

    const second = await start(dataDir, { CAPSTAN_WORKER: 'true', ...lease });
    started.push(second);
    const done = await recordFinished(second.url, id, body.requestId, 25_000);
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    assert.match(restartedAt(kube) ?? '', /^\d{4}-\d\d-\d\dT/);
    await kube.settle();
    const sets = kube.list('apps/v1', 'ReplicaSet', 'default').filter((rs) => (rs.metadata as { name: string }).name.startsWith('web-'));
    assert.equal(sets.length, 2, 'exactly one restart: a second ReplicaSet');
    assert.ok(!second.stderr().includes(hook.split('=')[1]!), 'the token is not printed');
  } finally {
    for (const s of started) await stopCapstan(s, 'SIGKILL');
    await kube.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('a trigger call answered right before a crash still redeploys', () => {
  test('accepted by an API-only process (CAPSTAN_WORKER=false) that is then SIGKILLed: the next process restarts', { timeout: 90_000 }, async () => {
    await scenario(false);
  });

  test('accepted by a process with its worker on, SIGKILLed right after the 200: the next process finishes it', { timeout: 90_000 }, async () => {
    await scenario(true);
  });

  test('the same on PostgreSQL', { timeout: 90_000 }, async (t) => {
    if (!process.env.CAPSTAN_TEST_DATABASE_URL) return t.skip('CAPSTAN_TEST_DATABASE_URL is not set (npm test starts PostgreSQL)');
    const db = await createTestDatabase();
    try {
      await scenario(true, { CAPSTAN_DATABASE_URL: db.url });
    } finally {
      await db.drop();
    }
  });
});
