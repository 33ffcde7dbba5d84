/**
 * A Capstan process SIGKILLed while a CodeArts task run is rolling out, then started again on the same data: the
 * run is picked up after its job lease expires and finishes `succeeded` — never left `running` — without sending
 * its write a second time. `node src/main.ts` runs as a real child process against the loopback Kubernetes API
 * server; everything is driven over HTTP (StartDeployTask, ShowDeployStatus). SQLite, and PostgreSQL when available.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCapstan, stopCapstan, type CapstanProcess } from '../helpers/capstan-process.ts';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';

const TOKEN = 'restart-test-admin-token-0123456789abcdef';
const CLUSTER = 'restart-loop';

function start(env: Record<string, string>): Promise<CapstanProcess> {
  return startCapstan({ CAPSTAN_ADMIN_TOKEN: TOKEN, CAPSTAN_JOB_LEASE_MS: '1500', ...env });
}

/** The fields of the CodeArts answers this test reads (StartDeployTask, ShowDeployStatus). */
interface Answer {
  readonly id: string;
  readonly result: { readonly status: string; readonly step: string };
}

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Answer }> {
  const res = await fetch(`${base}${path}`, {
    method, headers: { 'x-auth-token': TOKEN, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Answer };
}

async function scenario(kube: KubeApiServer, env: Record<string, string>): Promise<void> {
  const name = `web${Math.floor(Math.random() * 1e6)}`;
  kube.apply(deploymentManifest({ name, replicas: 4, image: 'registry.example/web:1' }));
  await kube.settle();
  let capstan = await start(env);
  try {
    const base = capstan.url;
    assert.equal((await fetch(`${base}/api/v1/clusters`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: CLUSTER, name: CLUSTER, kubeconfig: kube.kubeconfig }),
    })).status, 201);
    const created = await fetch(`${base}/api/v1/deploy-tasks`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `${name}-release`, params: [{ name: 'tag', type: 'text', value: '1' }],
        steps: [
          { name: 'set image', type: 'set-image', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: name, container: name, image: 'registry.example/web:${tag}' },
          { name: 'wait', type: 'wait-rollout', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: name },
        ],
      }),
    });
    assert.equal(created.status, 201);
    const taskId = ((await created.json()) as { id: string }).id;
    const started = await call(base, 'POST', `/v2/tasks/${taskId}/start`, { params: [{ key: 'tag', value: '2' }] });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const recordId: string = started.json.id;

    // Kill it once the image write has landed and the rollout is under way.
    type Deployment = { spec: { template: { spec: { containers: { image: string }[] } } } };
    const image = () => (kube.get('apps/v1', 'Deployment', 'default', name) as unknown as Deployment).spec.template.spec.containers[0]?.image;
    const writeDeadline = Date.now() + 15_000;
    while (image() !== 'registry.example/web:2') {
      assert.ok(Date.now() < writeDeadline, 'the set-image write never landed');
      await sleep(10);
    }
    const before = await call(base, 'GET', `/v2/tasks/${taskId}/state?record_id=${recordId}`);
    assert.equal(before.json.result.status, 'running', 'killed mid-run');
    await stopCapstan(capstan, 'SIGKILL');
    const patches = () => kube.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/deployments/${name}`)).length;
    const patchesAtKill = patches();
    assert.equal(patchesAtKill, 1);

    capstan = await start(env);
    const deadline = Date.now() + 30_000;
    let state: { status: string; step: string };
    for (;;) {
      const res = await call(capstan.url, 'GET', `/v2/tasks/${taskId}/state?record_id=${recordId}`);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      state = res.json.result;
      if (state.status !== 'running') break;
      assert.ok(Date.now() < deadline, 'the record is still running 30 s after the restart');
      await sleep(100);
    }
    assert.equal(state.status, 'succeeded');
    assert.equal(state.step, 'finish');
    assert.equal(patches(), patchesAtKill, 'the write that landed before the kill was not sent again');
    assert.equal(image(), 'registry.example/web:2');
    const again = await call(capstan.url, 'POST', `/v2/tasks/${taskId}/start`, { params: [{ key: 'tag', value: '3' }] });
    assert.equal(again.status, 200, 'the task is not left locked by the killed run');
  } finally {
    await stopCapstan(capstan, 'SIGKILL');
  }
}

describe('a Capstan process killed mid-run', () => {
  test('on SQLite: the restarted process finishes the run', { timeout: 90_000 }, async () => {
    const kube = await startKubeApiServer({ rolloutStepMs: 150 });
    const dataDir = mkdtempSync(join(tmpdir(), 'capstan-codearts-restart-'));
    try {
      await scenario(kube, { CAPSTAN_DATA_DIR: dataDir });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await kube.close();
    }
  });

  test('on PostgreSQL: the restarted process finishes the run', { skip: postgresSkipReason(), timeout: 90_000 }, async () => {
    const kube = await startKubeApiServer({ rolloutStepMs: 150 });
    const database = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'capstan-codearts-restart-'));
    try {
      await scenario(kube, { CAPSTAN_DATA_DIR: dataDir, CAPSTAN_DATABASE_URL: database.url });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
      await kube.close();
    }
  });
});
