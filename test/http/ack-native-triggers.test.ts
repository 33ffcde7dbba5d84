/**
 * The native trigger API (/api/v1/triggers): the same triggers as the ACK surface, for the UI and CLI. The URL is
 * handed out by create only; lists span clusters; the invocation history is the trigger's deploy records.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

describe('native trigger API', () => {
  let t: TestApp;
  let kube: KubeApiServer;
  before(async () => {
    t = await buildTestApp();
    kube = await startKubeApiServer();
    kube.apply(deploymentManifest({ name: 'web' }));
    kube.apply(deploymentManifest({ name: 'api', namespace: 'shop', labels: { 'app.kubernetes.io/instance': 'shop' } }));
    for (const id of ['east', 'west']) {
      assert.equal((await api('POST', '/api/v1/clusters', { id, name: id, kubeconfig: kube.kubeconfig })).statusCode, 201);
    }
    assert.equal((await api('POST', '/api/v1/applications', { name: 'shop', clusterId: 'east', namespace: 'shop' })).statusCode, 201);
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  function api(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = t.admin) {
    return t.server.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  }

  test('create returns the trigger and its URL once; get and list never show it', async () => {
    const created = await api('POST', '/api/v1/triggers', { clusterId: 'east', namespace: 'default', target: 'web' });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.match(body.url, /^http:\/\/capstan\.test\/hook\/trigger\?token=eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(body.signingSecret, undefined);
    assert.deepEqual({ ...body, id: '-', url: '-', createdAt: '-', updatedAt: '-', createdBy: '-', ackId: '-', name: '-' }, {
      id: '-', ackId: '-', name: '-', clusterId: 'east', type: 'deployment', namespace: 'default', target: 'web', projectId: 'default/web',
      applicationId: null, action: 'redeploy', requireSignature: false, rateLimitPerMinute: null, createdBy: '-', createdAt: '-', updatedAt: '-', url: '-',
    });
    assert.equal(body.name, `web-redeploy-${body.ackId}`);
    assert.equal(body.createdBy.name, 'bootstrap-admin');
    const got = await api('GET', `/api/v1/triggers/${body.id}`);
    assert.equal(got.statusCode, 200);
    const { url: _url, ...view } = body;
    assert.deepEqual(got.json(), view);
    assert.ok(!got.body.includes('eyJ') && !('url' in got.json()), 'no URL, no token');
    // The URL is the same one DescribeTrigger's token makes.
    const [described] = (await api('GET', '/clusters/east/triggers?Namespace=default&Name=web')).json();
    assert.equal(body.url, `http://capstan.test/hook/trigger?token=${described.token}`);
  });

  test('list spans clusters, filters, pages; viewers may read but not create', async () => {
    await api('POST', '/api/v1/triggers', { clusterId: 'west', namespace: 'default', target: 'web', name: 'west-web' });
    const app = await api('POST', '/api/v1/triggers', { clusterId: 'east', type: 'application', namespace: 'shop', target: 'shop', rateLimitPerMinute: 30 });
    assert.equal(app.statusCode, 201, app.body);
    assert.equal(app.json().type, 'application');
    assert.ok(app.json().applicationId);
    const all = (await api('GET', '/api/v1/triggers')).json();
    assert.deepEqual(all.items.map((x: { clusterId: string; target: string }) => `${x.clusterId}/${x.target}`), ['east/shop', 'west/web', 'east/web']);
    assert.ok(!JSON.stringify(all).includes('eyJ'), 'no tokens in lists');
    assert.deepEqual((await api('GET', '/api/v1/triggers?clusterId=west')).json().items.map((x: { name: string }) => x.name), ['west-web']);
    assert.equal((await api('GET', '/api/v1/triggers?type=application')).json().items.length, 1);
    const first = (await api('GET', '/api/v1/triggers?limit=2')).json();
    assert.equal(first.items.length, 2);
    const second = (await api('GET', `/api/v1/triggers?limit=2&cursor=${first.nextCursor}`)).json();
    assert.deepEqual(second.items.map((x: { target: string; clusterId: string }) => `${x.clusterId}/${x.target}`), ['east/web']);
    assert.equal(second.nextCursor, null);
    const viewer = await t.tokenFor('viewer');
    assert.equal((await api('GET', '/api/v1/triggers', undefined, viewer)).statusCode, 200);
    const refused = await api('POST', '/api/v1/triggers', { clusterId: 'east', namespace: 'default', target: 'web' }, viewer);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'ROLE_FORBIDS_ACTION');
  });

  test('validation: unknown cluster, Deployment or application; bad names; unknown fields', async () => {
    const cases: [object, number, string, string?][] = [
      [{ clusterId: 'nope', namespace: 'default', target: 'web' }, 404, 'CLUSTER_NOT_FOUND'],
      [{ clusterId: 'east', namespace: 'default', target: 'missing' }, 404, 'WORKLOAD_NOT_FOUND', '/body/target'],
      [{ clusterId: 'east', type: 'application', namespace: 'default', target: 'shop' }, 404, 'APPLICATION_NOT_FOUND', '/body/target'],
      [{ clusterId: 'east', namespace: 'Default', target: 'web' }, 400, 'VALIDATION_FAILED', '/body/namespace'],
      [{ clusterId: 'east', namespace: 'default', target: 'Web_1' }, 400, 'VALIDATION_FAILED', '/body/target'],
      [{ clusterId: 'east', namespace: 'default', target: 'web', type: 'job' }, 400, 'VALIDATION_FAILED', '/body/type'],
      [{ clusterId: 'east', namespace: 'default', target: 'web', rateLimitPerMinute: 0 }, 400, 'VALIDATION_FAILED', '/body/rateLimitPerMinute'],
      [{ clusterId: 'east', namespace: 'default', target: 'web', token: 'x' }, 400, 'VALIDATION_FAILED', '/body/token'],
    ];
    for (const [payload, status, code, pointer] of cases) {
      const res = await api('POST', '/api/v1/triggers', payload);
      assert.equal(res.statusCode, status, `${JSON.stringify(payload)}: ${res.body}`);
      assert.equal(res.json().code, code);
      if (pointer) assert.equal(res.json().errors?.[0]?.pointer, pointer, res.body);
    }
  });

  test('PATCH changes the hardening options and hands out the signing secret when signing is turned on', async () => {
    const { id } = (await api('POST', '/api/v1/triggers', { clusterId: 'east', namespace: 'default', target: 'web' })).json();
    const on = await api('PATCH', `/api/v1/triggers/${id}`, { requireSignature: true, rateLimitPerMinute: 10 });
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(on.json().requireSignature, true);
    assert.equal(on.json().rateLimitPerMinute, 10);
    assert.match(on.json().signingSecret, /^whsec_/);
    const again = await api('PATCH', `/api/v1/triggers/${id}`, { requireSignature: true });
    assert.equal(again.json().signingSecret, on.json().signingSecret, 'the secret belongs to the trigger');
    const limitOnly = await api('PATCH', `/api/v1/triggers/${id}`, { rateLimitPerMinute: null });
    assert.equal(limitOnly.json().signingSecret, undefined);
    assert.equal(limitOnly.json().rateLimitPerMinute, null);
    assert.equal((await api('PATCH', `/api/v1/triggers/${id}`, {})).statusCode, 400);
    assert.equal((await api('PATCH', `/api/v1/triggers/${id}`, { target: 'api' })).statusCode, 400, 'the target never changes');
    assert.equal((await api('PATCH', '/api/v1/triggers/nope', { requireSignature: false })).statusCode, 404);
  });

  test('invocations list the trigger\'s records, newest first; delete revokes and 404s after', async () => {
    const created = (await api('POST', '/api/v1/triggers', { clusterId: 'west', namespace: 'default', target: 'web' })).json();
    const hook = new URL(created.url);
    const call = await t.server.inject({ method: 'POST', url: hook.pathname + hook.search });
    assert.equal(call.statusCode, 200, call.body);
    const history = await api('GET', `/api/v1/triggers/${created.id}/invocations`);
    assert.equal(history.statusCode, 200, history.body);
    const [only, ...rest] = history.json().items;
    assert.equal(rest.length, 0);
    assert.equal(only.recordId, call.json().requestId);
    assert.equal(only.state, 'queued', 'no worker runs in this test');
    assert.equal(only.hookAction, 'redeploy');
    assert.deepEqual(only.steps.map((s: { name: string; state: string }) => [s.name, s.state]), [['restart deployment default/web', 'pending']]);
    assert.equal((await api('GET', `/api/v1/triggers/${created.id}/invocations?state=succeeded`)).json().items.length, 0);
    assert.equal((await api('GET', '/api/v1/triggers/nope/invocations')).statusCode, 404);

    assert.equal((await api('DELETE', `/api/v1/triggers/${created.id}`)).statusCode, 204);
    assert.equal((await api('GET', `/api/v1/triggers/${created.id}`)).json().code, 'RESOURCE_NOT_FOUND');
    assert.equal((await api('DELETE', `/api/v1/triggers/${created.id}`)).statusCode, 404);
    assert.equal((await t.server.inject({ method: 'POST', url: hook.pathname + hook.search })).statusCode, 404);
  });
});
