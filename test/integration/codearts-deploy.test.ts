/**
 * CodeArts deploy tasks end to end: StartDeployTask over the wire, a real Worker running the record against the
 * loopback Kubernetes API server, progress read back through ShowDeployStatus and the history, and the objects
 * read back from the cluster. Covers the "done when": a parameterised 3-step task to `succeeded`, a failing
 * rollout, rollback by `record_id`, stop mid-run, and one run at a time.
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const CLUSTER = 'codearts-loop';

type Reply = LightMyRequestResponse;
interface Container { name: string; image: string; env?: { name: string; value: string }[] }
type Deployment = { metadata: { labels?: Record<string, string> }; spec: { replicas: number; template: { spec: { containers: Container[] } } } };

const API_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {app: api, tier: "\${tier}"}
spec:
  replicas: \${replicas}
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: registry.example/api:1
          env:
            - {name: API_TOKEN, value: "\${token}"}
            - {name: GREETING, value: "hello \${tier}"}
`;

describe('CodeArts deploy tasks run against a cluster', () => {
  let t: TestApp;
  let kube: KubeApiServer;
  let x: Record<string, string>;
  before(async () => {
    t = await buildTestApp({ worker: true });
    kube = await startKubeApiServer({ rolloutStepMs: 10, progressDeadlineScale: 0.002 });
    const res = await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: t.admin, payload: { id: CLUSTER, name: CLUSTER, kubeconfig: kube.kubeconfig } });
    assert.equal(res.statusCode, 201, res.body);
    x = { 'x-auth-token': t.admin.authorization.slice('Bearer '.length) };
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  const huawei = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers = x): Promise<Reply> =>
    t.server.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  async function createTask(body: Record<string, unknown>): Promise<{ id: string; projectId: string }> {
    const res = await t.server.inject({ method: 'POST', url: '/api/v1/deploy-tasks', headers: t.admin, payload: body });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  }
  async function start(taskId: string, payload: unknown, headers = x): Promise<string> {
    const res = await huawei('POST', `/v2/tasks/${taskId}/start`, payload, headers);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().id;
  }
  /** Polls ShowDeployStatus until the record is no longer running. */
  async function finished(taskId: string, recordId: string, timeoutMs = 20_000): Promise<{ status: string; step: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await huawei('GET', `/v2/tasks/${taskId}/state?record_id=${recordId}`);
      assert.equal(res.statusCode, 200, res.body);
      const result = res.json().result;
      if (result.status !== 'running') return result;
      assert.ok(Date.now() < deadline, `record ${recordId} still running after ${timeoutMs} ms`);
      await sleep(50);
    }
  }
  async function untilRunning(recordId: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await t.deps.store.records.get(t.accountId, recordId))?.steps.every((s) => s.state === 'pending')) {
      assert.ok(Date.now() < deadline, 'the record never started a step');
      await sleep(20);
    }
  }
  const deployment = (name: string) => kube.get('apps/v1', 'Deployment', 'default', name) as unknown as Deployment;
  const imageOf = (name: string) => deployment(name).spec.template.spec.containers[0]?.image;
  const record = async (id: string) => (await t.deps.store.records.get(t.accountId, id))!;

  test('a 3-step task (apply a templated manifest, set the image, wait) runs to succeeded with the values substituted', async () => {
    const task = await createTask({
      name: 'api-release',
      params: [
        { name: 'tag', type: 'text', value: '1' },
        { name: 'tier', type: 'enum', value: 'gold', limits: ['gold', 'silver'] },
        { name: 'token', type: 'encrypt', value: '' },
        { name: 'replicas', type: 'text', value: '3', static: true },
      ],
      steps: [
        { name: 'apply api', type: 'apply', clusterId: CLUSTER, namespace: 'default', manifest: API_MANIFEST },
        { name: 'set image', type: 'set-image', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'api', container: 'api', image: 'registry.example/api:${tag}', waitRollout: false },
        { name: 'wait', type: 'wait-rollout', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'api' },
      ],
    });
    const id = await start(task.id, { params: [{ key: 'tag', value: '2', type: 'text' }, { key: 'tier', value: 'silver', type: 'enum' }, { key: 'token', value: 'tok-5b1e', type: 'encrypt' }] });
    const state = await finished(task.id, id);
    const done = await record(id);
    assert.equal(state.status, 'succeeded', done.error ?? '');
    assert.equal(state.step, 'finish');
    assert.deepEqual(done.steps.map((s) => s.state), ['succeeded', 'succeeded', 'succeeded']);

    const api = deployment('api');
    assert.equal(api.spec.replicas, 3, 'a placeholder that is the whole scalar takes the value\'s YAML type');
    assert.equal(api.metadata.labels?.tier, 'silver');
    const container = api.spec.template.spec.containers[0]!;
    assert.equal(container.image, 'registry.example/api:2');
    assert.deepEqual(container.env, [{ name: 'API_TOKEN', value: 'tok-5b1e' }, { name: 'GREETING', value: 'hello silver' }]);
    const ready = kube.list('v1', 'Pod', 'default').filter((p) => (p as { metadata: { labels?: Record<string, string> } }).metadata.labels?.app === 'api');
    assert.equal(ready.length, 3, 'the rollout finished with the applied replica count');

    assert.ok(!JSON.stringify(done).includes('tok-5b1e'), 'the encrypted value is stored sealed');
    const params = await huawei('GET', `/v2/history/tasks/${task.id}/params?record_id=${id}`);
    assert.ok(params.json().some((p: { name: string; value: string }) => p.name === 'token' && p.value === '******'));
    const today = new Date().toISOString().slice(0, 10);
    const history = (await huawei('GET', `/v2/${task.projectId}/task/${task.id}/history?page=1&size=10&start_date=${today}&end_date=${today}`)).json();
    assert.equal(history.total_num, 1);
    assert.equal(history.result[0].state, 'succeeded');
    assert.match(history.result[0].duration, /^\d\d:\d\d:\d\d$/);
    assert.match(history.result[0].end_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  test('a failing rollout marks the record failed, naming the step and the reason', async () => {
    kube.apply(deploymentManifest({ name: 'flaky', image: 'registry.example/flaky:1' }));
    await kube.settle();
    const task = await createTask({
      name: 'flaky-release', params: [{ name: 'image', type: 'text', value: 'registry.example/flaky:1' }],
      steps: [{ name: 'set flaky image', type: 'set-image', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'flaky', container: 'flaky', image: '${image}' }],
    });
    const id = await start(task.id, { params: [{ key: 'image', value: 'registry.example/flaky:fail-2' }] });
    const state = await finished(task.id, id);
    assert.equal(state.status, 'failed');
    const done = await record(id);
    assert.equal(done.state, 'failed');
    assert.match(done.error ?? '', /Step 1 "set flaky image" failed: .*(ProgressDeadlineExceeded|progress deadline)/i);
    assert.equal(done.steps[0]?.state, 'failed');
    assert.equal(imageOf('flaky'), 'registry.example/flaky:fail-2', 'what was written stays written until rolled back');
  });

  test('start with record_id rolls back to that record\'s templates, as a new record of type rollback', async () => {
    kube.apply(deploymentManifest({ name: 'shop', image: 'registry.example/shop:1' }));
    await kube.settle();
    const task = await createTask({
      name: 'shop-release', params: [{ name: 'tag', type: 'text', value: '1' }],
      steps: [{ name: 'set shop image', type: 'set-image', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'shop', container: 'shop', image: 'registry.example/shop:${tag}' }],
    });
    const v2 = await start(task.id, { params: [{ key: 'tag', value: '2' }] });
    assert.equal((await finished(task.id, v2)).status, 'succeeded');
    const v3 = await start(task.id, { params: [{ key: 'tag', value: '3' }] });
    assert.equal((await finished(task.id, v3)).status, 'succeeded');
    assert.equal(imageOf('shop'), 'registry.example/shop:3');

    const res = await huawei('POST', `/v2/tasks/${task.id}/start`, { params: [], record_id: v2 });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(Object.keys(res.json()).sort(), ['app_component_list', 'id', 'job_name', 'task_id']);
    assert.match(res.json().job_name, /^[A-Za-z0-9_]{45,55}$/);
    const rollback = res.json().id;
    assert.notEqual(rollback, v2);
    assert.equal((await finished(task.id, rollback)).status, 'succeeded');
    assert.equal(imageOf('shop'), 'registry.example/shop:2', 'the template record v2 left behind is back');

    const done = await record(rollback);
    assert.deepEqual([done.type, done.rollbackOfRecordId, done.taskId, done.releaseId], ['rollback', v2, task.id, 3]);
    assert.deepEqual(done.plan.map((s) => s.type), ['restore']);
    const today = new Date().toISOString().slice(0, 10);
    const history = (await huawei('GET', `/v2/${task.projectId}/task/${task.id}/history?page=1&size=10&start_date=${today}&end_date=${today}`)).json();
    assert.deepEqual(history.result.map((r: { type: string; release_id: number }) => [r.type, r.release_id]), [['rollback', 3], ['deploy', 2], ['deploy', 1]]);
    const native = (await t.server.inject({ method: 'GET', url: `/api/v1/deploy-tasks/${task.id}/records`, headers: t.admin })).json();
    assert.deepEqual(native.items.map((r: { id: string }) => r.id), [rollback, v3, v2]);
    assert.equal(native.items[0].rollbackOfRecordId, v2);
  });

  test('stop mid-run: a second start is refused while it runs, the stop ends the record stopped between checks', async () => {
    kube.apply({ ...deploymentManifest({ name: 'slow', image: 'registry.example/slow:1' }), spec: { ...(deploymentManifest({ name: 'slow' }).spec as object), progressDeadlineSeconds: 100_000 } });
    await kube.settle();
    const task = await createTask({
      name: 'slow-release', params: [{ name: 'image', type: 'text', value: 'registry.example/slow:1' }],
      steps: [
        { name: 'set slow image', type: 'set-image', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'slow', container: 'slow', image: '${image}' },
        { name: 'never reached', type: 'restart', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'slow' },
      ],
    });
    const id = await start(task.id, { params: [{ key: 'image', value: 'registry.example/slow:fail-forever' }] });
    await untilRunning(id);
    const second = await huawei('POST', `/v2/tasks/${task.id}/start`, { params: [] });
    assert.equal(second.statusCode, 400);
    assert.equal(second.json().error.code, 'Deploy.00011027');

    const stopped = await huawei('PUT', `/v2/tasks/${task.id}/records/${id}/stop`);
    assert.equal(stopped.statusCode, 200, stopped.body);
    const state = await finished(task.id, id, 10_000);
    assert.equal(state.status, 'stopped');
    const done = await record(id);
    assert.match(done.error ?? '', /Stopped by request/);
    assert.notEqual(done.steps[1]?.state, 'succeeded', 'the step after the stop never ran');
    const again = await huawei('POST', `/v2/tasks/${task.id}/start`, { params: [{ key: 'image', value: 'registry.example/slow:1' }] });
    assert.equal(again.statusCode, 200, 'the task can run again once the record stopped');
    assert.equal((await finished(task.id, again.json().id)).status, 'succeeded');
  });

  test('a pipeline-only task run by a pipeline token goes through to the cluster', async () => {
    kube.apply(deploymentManifest({ name: 'pipe', image: 'registry.example/pipe:1' }));
    await kube.settle();
    const task = await createTask({
      name: 'pipe-release', triggerSource: '1', params: [{ name: 'tag', type: 'text', value: '1' }],
      steps: [{ name: 'set pipe image', type: 'set-image', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'pipe', container: 'pipe', image: 'registry.example/pipe:${tag}' }],
    });
    const member = { 'x-auth-token': (await t.tokenFor('member')).authorization.slice('Bearer '.length) };
    const refused = await huawei('POST', `/v2/tasks/${task.id}/start`, { params: [] }, member);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'Deploy.00011154');
    const pipeline = { 'x-auth-token': (await t.tokenFor('pipeline')).authorization.slice('Bearer '.length) };
    const id = await start(task.id, { params: [{ key: 'tag', value: '5' }] }, pipeline);
    assert.equal((await finished(task.id, id)).status, 'succeeded');
    assert.equal(imageOf('pipe'), 'registry.example/pipe:5');
    assert.equal((await record(id)).origin, 'pipeline');
  });
});
