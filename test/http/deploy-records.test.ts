import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { startRecord } from '../../src/app/records/start-record.ts';
import type { DeployStep } from '../../src/domain/deploy-record.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';

describe('/api/v1/deploy-records', () => {
  let t: TestApp;
  let kube: KubeApiServer;
  before(async () => {
    t = await buildTestApp({ worker: true });
    kube = await startKubeApiServer({ rolloutStepMs: 10 });
    kube.apply(deploymentManifest({ name: 'web', image: 'registry.example/web:1' }));
    await kube.settle();
    const cluster = await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: t.admin, payload: { id: 'loop', name: 'loop', kubeconfig: kube.kubeconfig } });
    assert.equal(cluster.statusCode, 201, cluster.body);
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  const api = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = t.admin) => t.server.inject({ method, url, headers });
  const setImage = (image: string): DeployStep => ({
    type: 'set-image', name: `web ${image}`, target: { clusterId: 'loop', workload: { namespace: 'default', kind: 'Deployment', name: 'web' } }, container: 'web', image,
  });
  const start = (plan: DeployStep[], extra: { taskId?: string; triggerId?: string; secret?: string } = {}) =>
    t.deps.store.transaction(async (tx) => (await startRecord(t.deps, tx, {
      accountId: t.accountId, type: extra.triggerId ? 'trigger' : 'deploy', origin: 'api', hookAction: 'update-image', plan,
      params: [{ key: 'tag', type: 'text', value: '2' }, { key: 'password', type: 'encrypt', value: t.deps.secrets.seal(extra.secret ?? 'hunter2') }],
      taskId: extra.taskId ?? null, triggerId: extra.triggerId ?? null, createdBy: { tokenId: 'tok', name: 'ci' }, timeoutMs: 20_000,
      serialKey: 'workload/loop/default/Deployment/web',
    })).record);
  const settled = async (id: string) => {
    for (let i = 0; i < 500; i++) {
      const res = await api('GET', `/api/v1/deploy-records/${id}`);
      if (['succeeded', 'failed', 'stopped'].includes(res.json().state)) return res.json();
      await sleep(20);
    }
    assert.fail(`record ${id} did not finish`);
  };

  let first = '';
  let second = '';

  test('a record runs on the worker; its detail shows steps, plan and image changes, with secrets masked', async () => {
    first = (await start([setImage('registry.example/web:${tag}')], { taskId: 'task-1' })).id;
    const body = await settled(first);
    assert.equal(body.state, 'succeeded', body.error);
    assert.equal(body.type, 'deploy');
    assert.match(body.jobName, /^capstan_deploy_\d{14}_[0-9a-f]{20}$/);
    assert.equal(body.releaseId, 1);
    assert.deepEqual(body.params, [{ key: 'tag', type: 'text', value: '2' }, { key: 'password', type: 'encrypt', value: '******' }]);
    assert.deepEqual(body.plan, [{ type: 'set-image', name: 'web registry.example/web:${tag}', clusterId: 'loop', namespace: 'default', kind: 'Deployment', workload: 'web', container: 'web', image: 'registry.example/web:${tag}' }]);
    assert.equal(body.steps[0].state, 'succeeded');
    assert.deepEqual(Object.keys(body.steps[0].workloads[0]).sort(), ['clusterId', 'desired', 'kind', 'message', 'name', 'namespace', 'ready', 'state', 'updated']);
    assert.deepEqual(body.changes.map((c: { containers: unknown }) => c.containers), [[{ name: 'web', init: false, before: 'registry.example/web:1', after: 'registry.example/web:2' }]]);
    assert.equal(body.changes[0].before, undefined, 'templates only when asked');
    assert.ok(!JSON.stringify(body).includes('hunter2'));
    assert.ok(!JSON.stringify(body).includes(await sealedOf(first)), 'not even the ciphertext');

    const full = (await api('GET', `/api/v1/deploy-records/${first}?templates=true`)).json();
    assert.equal(full.changes[0].after.spec.containers[0].image, 'registry.example/web:2');
    assert.equal(full.changes[0].after.metadata.annotations['capstan.dev/deploy-id'], `${first}-0`);
  });

  test('rolling back answers 202 with a new rollback record that restores the template', async () => {
    second = (await start([setImage('registry.example/web:3')], { triggerId: 'trg-9' })).id;
    assert.equal((await settled(second)).state, 'succeeded');
    const res = await api('POST', `/api/v1/deploy-records/${first}/rollback`, await t.tokenFor('pipeline'));
    assert.equal(res.statusCode, 202, res.body);
    const rollback = res.json();
    assert.equal(rollback.type, 'rollback');
    assert.equal(rollback.rollbackOfRecordId, first);
    assert.equal(rollback.taskId, 'task-1');
    assert.equal(rollback.state, 'queued');
    assert.equal(rollback.createdBy.name.startsWith('test-pipeline'), true);
    assert.equal((await settled(rollback.id)).state, 'succeeded');
    const live = kube.get('apps/v1', 'Deployment', 'default', 'web') as { spec: { template: { spec: { containers: { image: string }[] } } } };
    assert.equal(live.spec.template.spec.containers[0]?.image, 'registry.example/web:2');
  });

  test('lists newest first, filtered, paged by cursor; bad filters are 400', async () => {
    const all = (await api('GET', '/api/v1/deploy-records')).json();
    assert.equal(all.items.length, 3);
    assert.deepEqual(all.items.map((r: { type: string }) => r.type), ['rollback', 'trigger', 'deploy']);
    assert.deepEqual((await api('GET', '/api/v1/deploy-records?taskId=task-1')).json().items.map((r: { type: string }) => r.type), ['rollback', 'deploy']);
    assert.deepEqual((await api('GET', '/api/v1/deploy-records?triggerId=trg-9')).json().items.map((r: { id: string }) => r.id), [second]);
    assert.deepEqual((await api('GET', '/api/v1/deploy-records?type=deploy&state=succeeded')).json().items.map((r: { id: string }) => r.id), [first]);
    assert.deepEqual((await api('GET', '/api/v1/deploy-records?state=running')).json().items, []);
    const page1 = (await api('GET', '/api/v1/deploy-records?limit=2')).json();
    const page2 = (await api('GET', `/api/v1/deploy-records?limit=2&cursor=${page1.nextCursor}`)).json();
    assert.deepEqual([...page1.items, ...page2.items].map((r: { id: string }) => r.id), all.items.map((r: { id: string }) => r.id));
    assert.equal(page2.nextCursor, null);
    for (const bad of ['state=done', 'type=x', 'limit=0', 'cursor=nope', 'other=1']) {
      const res = await api('GET', `/api/v1/deploy-records?${bad}`);
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.json().code, 'VALIDATION_FAILED', bad);
    }
  });

  test('stop: a finished record is 409 RECORD_FINISHED; a queued one stops at once', async () => {
    const finished = await api('POST', `/api/v1/deploy-records/${first}/stop`);
    assert.equal(finished.statusCode, 409);
    assert.equal(finished.json().code, 'RECORD_FINISHED');
    assert.equal(finished.headers['content-type'], 'application/problem+json');

    kube.injectFault({ latencyMs: 800, count: 1, method: 'GET', pathPattern: /\/deployments\/web$/ });
    const running = (await start([setImage('registry.example/web:4')])).id;
    const queued = (await start([setImage('registry.example/web:5')])).id;
    const res = await api('POST', `/api/v1/deploy-records/${queued}/stop`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().state, 'stopped');
    assert.equal(res.json().stopRequested, true);
    assert.equal((await settled(running)).state, 'succeeded');
  });

  test('unknown records are 404 RECORD_NOT_FOUND; a record that changed nothing cannot be rolled back', async () => {
    for (const [method, url] of [['GET', ''], ['POST', '/rollback'], ['POST', '/stop']] as const) {
      const res = await api(method, `/api/v1/deploy-records/${'f'.repeat(32)}${url}`);
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().code, 'RECORD_NOT_FOUND');
      assert.equal(res.json().type, 'https://capstan.dev/problems/record-not-found');
    }
    const nothing = (await start([{ type: 'restart', name: 'gone', target: { clusterId: 'loop', workload: { namespace: 'default', kind: 'Deployment', name: 'gone' } } }])).id;
    assert.equal((await settled(nothing)).state, 'failed');
    const res = await api('POST', `/api/v1/deploy-records/${nothing}/rollback`);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'RECORD_NOT_ROLLBACKABLE');
  });

  test('viewers read records but may not roll back or stop', async () => {
    const viewer = await t.tokenFor('viewer');
    assert.equal((await api('GET', '/api/v1/deploy-records', viewer)).statusCode, 200);
    assert.equal((await api('GET', `/api/v1/deploy-records/${first}`, viewer)).statusCode, 200);
    for (const action of ['rollback', 'stop']) {
      const res = await api('POST', `/api/v1/deploy-records/${first}/${action}`, viewer);
      assert.equal(res.statusCode, 403, action);
      assert.equal(res.json().code, 'ROLE_FORBIDS_ACTION');
    }
    assert.equal((await api('GET', '/api/v1/deploy-records', {})).statusCode, 401);
  });

  test('the routes are in the OpenAPI document', async () => {
    const doc = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['/api/v1/deploy-records', '/api/v1/deploy-records/{id}', '/api/v1/deploy-records/{id}/rollback', '/api/v1/deploy-records/{id}/stop']) {
      assert.ok(doc.paths[path], path);
    }
  });

  async function sealedOf(id: string): Promise<string> {
    const record = await t.deps.store.records.get(t.accountId, id);
    return record?.params.find((p) => p.key === 'password')?.value ?? 'missing';
  }
});
