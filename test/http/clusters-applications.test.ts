import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startKubeApiServer, deploymentManifest, type KubeApiServer } from '../kube-api-server/index.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

describe('clusters and applications', () => {
  let t: TestApp;
  let kube: KubeApiServer;
  before(async () => {
    t = await buildTestApp();
    kube = await startKubeApiServer();
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: t.admin, ...(payload ? { payload } : {}) });

  test('a cluster is registered with a chosen id, its kubeconfig sealed, and reported reachable', async () => {
    const created = await api('POST', '/api/v1/clusters', { id: 'loop', name: 'loopback', kubeconfig: kube.kubeconfig });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(Object.keys(created.json()).sort(), ['createdAt', 'id', 'name', 'server']);
    assert.equal(created.json().server, kube.url);
    const stored = await t.deps.store.clusters.get(t.accountId, 'loop');
    assert.ok(stored && !stored.kubeconfigCiphertext.includes('token'), 'kubeconfig must be stored sealed');
    assert.equal(t.deps.secrets.open(stored.kubeconfigCiphertext), kube.kubeconfig);

    const got = await api('GET', '/api/v1/clusters/loop');
    assert.equal(got.statusCode, 200);
    assert.equal(got.json().reachability.reachable, true);
    assert.ok(!got.body.includes('kubeconfig'));
  });

  test('an unreachable cluster is reported, not an error', async () => {
    const dead = kube.kubeconfig.replace(kube.url, 'http://127.0.0.1:1');
    assert.equal((await api('POST', '/api/v1/clusters', { id: 'dead', name: 'dead', kubeconfig: dead })).statusCode, 201);
    const got = await api('GET', '/api/v1/clusters/dead');
    assert.equal(got.statusCode, 200);
    assert.equal(got.json().reachability.reachable, false);
    assert.equal((await api('DELETE', '/api/v1/clusters/dead')).statusCode, 204);
  });

  test('YAML that is not a kubeconfig is refused with 400 KUBECONFIG_INVALID', async () => {
    for (const kubeconfig of ['not: [yaml', 'kind: Pod\napiVersion: v1\n', 'hello']) {
      const res = await api('POST', '/api/v1/clusters', { name: 'bad', kubeconfig });
      assert.equal(res.statusCode, 400, kubeconfig);
      assert.equal(res.json().code, 'KUBECONFIG_INVALID');
    }
  });

  test('a duplicate or malformed cluster id is refused', async () => {
    const dup = await api('POST', '/api/v1/clusters', { id: 'loop', name: 'again', kubeconfig: kube.kubeconfig });
    assert.equal(dup.statusCode, 409);
    const bad = await api('POST', '/api/v1/clusters', { id: 'Bad_Id', name: 'x', kubeconfig: kube.kubeconfig });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].pointer, '/body/id');
  });

  test('an application gets the default selector and lists the workloads it matches', async () => {
    kube.apply(deploymentManifest({ name: 'shop-web', labels: { 'app.kubernetes.io/instance': 'shop' } }));
    kube.apply(deploymentManifest({ name: 'other', labels: { 'app.kubernetes.io/instance': 'other' } }));
    const created = await api('POST', '/api/v1/applications', { name: 'shop', clusterId: 'loop', namespace: 'default' });
    assert.equal(created.statusCode, 201, created.body);
    const app = created.json();
    assert.equal(app.selector, 'app.kubernetes.io/instance=shop');
    const workloads = await api('GET', `/api/v1/applications/${app.id}/workloads`);
    assert.equal(workloads.statusCode, 200, workloads.body);
    assert.deepEqual(workloads.json().items.map((w: { name: string }) => w.name), ['shop-web']);
  });

  test('application validation: unknown cluster 404, bad selector 400, cluster change 409, duplicate name 409', async () => {
    assert.equal((await api('POST', '/api/v1/applications', { name: 'x', clusterId: 'nope', namespace: 'default' })).json().code, 'CLUSTER_NOT_FOUND');
    const badSel = await api('POST', '/api/v1/applications', { name: 'x', clusterId: 'loop', namespace: 'default', selector: 'a in b' });
    assert.equal(badSel.statusCode, 400);
    assert.equal(badSel.json().code, 'SELECTOR_INVALID');
    const app = (await api('POST', '/api/v1/applications', { name: 'y', clusterId: 'loop', namespace: 'default', selector: 'tier=web' })).json();
    const moved = await api('PUT', `/api/v1/applications/${app.id}`, { name: 'y', clusterId: 'other', namespace: 'default' });
    assert.equal(moved.statusCode, 409);
    assert.equal(moved.json().code, 'FIELD_IMMUTABLE');
    const dup = await api('POST', '/api/v1/applications', { name: 'y', clusterId: 'loop', namespace: 'default' });
    assert.equal(dup.statusCode, 409);
    const replaced = await api('PUT', `/api/v1/applications/${app.id}`, { name: 'y', clusterId: 'loop', namespace: 'prod', selector: 'tier=api' });
    assert.equal(replaced.statusCode, 200);
    assert.equal(replaced.json().namespace, 'prod');
    assert.equal(replaced.json().selector, 'tier=api');
  });

  test('a cluster with applications cannot be deleted; after deleting them it can', async () => {
    const refused = await api('DELETE', '/api/v1/clusters/loop');
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'CLUSTER_IN_USE');
    const apps = (await api('GET', '/api/v1/applications?clusterId=loop')).json().items;
    for (const a of apps) assert.equal((await api('DELETE', `/api/v1/applications/${a.id}`)).statusCode, 204);
    assert.equal((await api('DELETE', '/api/v1/clusters/loop')).statusCode, 204);
    assert.equal((await api('GET', '/api/v1/clusters/loop')).statusCode, 404);
  });
});
