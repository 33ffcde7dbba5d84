import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, DEPLOYMENTS, PODS } from './api-client.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from './index.ts';

let server: KubeApiServer;
before(async () => {
  server = await startKubeApiServer({ rolloutStepMs: 10 });
});
after(() => server.close());

const pod = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'busybox:1' }] } });

describe('discovery and auth', () => {
  test('serves /api, /apis, group versions and /version', async () => {
    assert.deepEqual((await call(server, 'GET', '/api')).body.versions, ['v1']);
    const groups = (await call(server, 'GET', '/apis')).body.groups.map((g: { name: string }) => g.name);
    assert.ok(groups.includes('apps') && groups.includes('snapshot.storage.k8s.io'));
    const apps = (await call(server, 'GET', '/apis/apps/v1')).body;
    assert.equal(apps.kind, 'APIResourceList');
    assert.deepEqual(apps.resources.find((r: { name: string }) => r.name === 'deployments')?.kind, 'Deployment');
    const core = (await call(server, 'GET', '/api/v1')).body.resources.map((r: { name: string }) => r.name);
    assert.ok(core.includes('pods/exec') && core.includes('persistentvolumeclaims'));
    assert.equal((await call(server, 'GET', '/version')).body.major, '1');
  });

  test('answers 401 with an Unauthorized Status without the bearer token', async () => {
    const res = await fetch(`${server.url}/api/v1/namespaces`);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { reason: string }).reason, 'Unauthorized');
  });

  test('a verb the resource does not serve is 405 MethodNotAllowed', async () => {
    const res = await call(server, 'POST', `${DEPLOYMENTS}/some-name`, {});
    assert.equal(res.status, 405);
    assert.equal(res.body.reason, 'MethodNotAllowed');
  });

  test('unknown paths are a 404 Status', async () => {
    const res = await call(server, 'GET', '/apis/apps/v1/namespaces/default/widgets');
    assert.equal(res.status, 404);
    assert.equal(res.body.kind, 'Status');
  });
});

describe('create, read, update, delete', () => {
  test('create fills uid, creationTimestamp, resourceVersion, generation and defaults', async () => {
    const res = await call(server, 'POST', DEPLOYMENTS, deploymentManifest({ name: 'crud-a' }));
    assert.equal(res.status, 201);
    const m = res.body.metadata;
    assert.match(m.uid, /^[0-9a-f-]{36}$/);
    assert.match(m.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(m.resourceVersion, /^\d+$/);
    assert.equal(m.generation, 1);
    assert.deepEqual(res.body.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    assert.equal(res.body.spec.progressDeadlineSeconds, 600);
    assert.equal((await call(server, 'GET', `${DEPLOYMENTS}/crud-a`)).body.metadata.uid, m.uid);
  });

  test('a second create of the same name is 409 AlreadyExists; a missing object is 404 NotFound', async () => {
    await call(server, 'POST', DEPLOYMENTS, deploymentManifest({ name: 'crud-b' }));
    const dup = await call(server, 'POST', DEPLOYMENTS, deploymentManifest({ name: 'crud-b' }));
    assert.equal(dup.status, 409);
    assert.equal(dup.body.reason, 'AlreadyExists');
    assert.equal(dup.body.message, 'deployments.apps "crud-b" already exists');
    const missing = await call(server, 'GET', `${DEPLOYMENTS}/nope`);
    assert.deepEqual(missing.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "nope" not found',
      reason: 'NotFound', details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404,
    });
  });

  test('creating in a missing namespace is 404 for the namespace', async () => {
    const res = await call(server, 'POST', '/apis/apps/v1/namespaces/ghost/deployments', deploymentManifest({ name: 'x', namespace: 'ghost' }));
    assert.equal(res.status, 404);
    assert.equal(res.body.message, 'namespaces "ghost" not found');
  });

  test('a selector that does not match the template labels is 422 Invalid with causes', async () => {
    const body = deploymentManifest({ name: 'crud-bad' }) as { spec: { selector: unknown } };
    body.spec.selector = { matchLabels: { app: 'other' } };
    const res = await call(server, 'POST', DEPLOYMENTS, body);
    assert.equal(res.status, 422);
    assert.equal(res.body.reason, 'Invalid');
    assert.equal(res.body.details.causes[0].field, 'spec.template.metadata.labels');
    assert.match(res.body.message, /^Deployment.apps "crud-bad" is invalid: spec.template.metadata.labels: Invalid value/);
  });

  test('PUT with a stale resourceVersion is 409 Conflict with the real message; without one it is unconditional', async () => {
    await call(server, 'POST', DEPLOYMENTS, deploymentManifest({ name: 'crud-c' }));
    await server.settle(); // the controller writes status after a create; read the object once it is quiet
    const created = (await call(server, 'GET', `${DEPLOYMENTS}/crud-c`)).body;
    const first = await call(server, 'PUT', `${DEPLOYMENTS}/crud-c`, { ...created, metadata: { ...created.metadata, labels: { app: 'crud-c', v: '1' } } });
    assert.equal(first.status, 200);
    const stale = await call(server, 'PUT', `${DEPLOYMENTS}/crud-c`, created);
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');
    assert.equal(stale.body.message, 'Operation cannot be fulfilled on deployments.apps "crud-c": the object has been modified; please apply your changes to the latest version and try again');
    const { resourceVersion: _rv, ...meta } = created.metadata;
    assert.equal((await call(server, 'PUT', `${DEPLOYMENTS}/crud-c`, { ...created, metadata: meta })).status, 200);
  });

  test('PUT whose body names another object is 400 BadRequest', async () => {
    const res = await call(server, 'PUT', `${DEPLOYMENTS}/crud-a`, deploymentManifest({ name: 'other' }));
    assert.equal(res.status, 400);
    assert.equal(res.body.message, 'the name of the object (other) does not match the name on the URL (crud-a)');
  });

  test('PATCH carrying a stale metadata.resourceVersion is 409; without it the patch applies', async () => {
    await call(server, 'POST', DEPLOYMENTS, deploymentManifest({ name: 'crud-d' }));
    await server.settle();
    const created = (await call(server, 'GET', `${DEPLOYMENTS}/crud-d`)).body;
    const smp = 'application/strategic-merge-patch+json';
    assert.equal((await call(server, 'PATCH', `${DEPLOYMENTS}/crud-d`, { metadata: { labels: { x: '1' } } }, smp)).status, 200);
    const stale = await call(server, 'PATCH', `${DEPLOYMENTS}/crud-d`, { metadata: { resourceVersion: created.metadata.resourceVersion, labels: { x: '2' } } }, smp);
    assert.equal(stale.status, 409);
    const current = (await call(server, 'GET', `${DEPLOYMENTS}/crud-d`)).body.metadata.resourceVersion;
    const fresh = await call(server, 'PATCH', `${DEPLOYMENTS}/crud-d`, { metadata: { resourceVersion: current, labels: { x: '2' } } }, smp);
    assert.equal(fresh.status, 200);
    const json = await call(server, 'PATCH', `${DEPLOYMENTS}/crud-d`, [{ op: 'replace', path: '/metadata/resourceVersion', value: created.metadata.resourceVersion }], 'application/json-patch+json');
    assert.equal(json.status, 409);
  });

  test('generation bumps on spec changes only; status sent to the main resource is ignored', async () => {
    await call(server, 'POST', DEPLOYMENTS, deploymentManifest({ name: 'crud-e' }));
    const merge = 'application/merge-patch+json';
    const labelled = await call(server, 'PATCH', `${DEPLOYMENTS}/crud-e`, { metadata: { annotations: { a: 'b' } }, status: { replicas: 99 } }, merge);
    assert.equal(labelled.body.metadata.generation, 1);
    assert.notEqual(labelled.body.status?.replicas, 99);
    const scaled = await call(server, 'PATCH', `${DEPLOYMENTS}/crud-e`, { spec: { replicas: 3 } }, merge);
    assert.equal(scaled.body.metadata.generation, 2);
    const status = await call(server, 'PATCH', `${DEPLOYMENTS}/crud-e/status`, { status: { observedGeneration: 7 } }, merge);
    assert.equal(status.body.status.observedGeneration, 7);
    assert.equal(status.body.metadata.generation, 2);
  });

  test('strategic merge on a CRD (volumesnapshots) is 415; apply without fieldManager is 422', async () => {
    const vs = '/apis/snapshot.storage.k8s.io/v1/namespaces/default/volumesnapshots';
    await call(server, 'POST', vs, { apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: 's1' }, spec: { source: { persistentVolumeClaimName: 'none' } } });
    const smp = await call(server, 'PATCH', `${vs}/s1`, { metadata: { labels: { a: 'b' } } }, 'application/strategic-merge-patch+json');
    assert.equal(smp.status, 415);
    assert.equal(smp.body.reason, 'UnsupportedMediaType');
    const apply = await call(server, 'PATCH', `${DEPLOYMENTS}/crud-a`, { metadata: { labels: { a: 'b' } } }, 'application/apply-patch+yaml');
    assert.equal(apply.status, 422);
    assert.equal(apply.body.details.causes[0].field, 'fieldManager');
  });

  test('server-side apply creates a missing object and merges into an existing one', async () => {
    const body = deploymentManifest({ name: 'crud-ssa', image: 'a:1' });
    const created = await call(server, 'PATCH', `${DEPLOYMENTS}/crud-ssa?fieldManager=test`, body, 'application/apply-patch+yaml');
    assert.equal(created.status, 201);
    const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: crud-ssa\nspec:\n  template:\n    spec:\n      containers:\n      - name: crud-ssa\n        image: a:2\n';
    // Another manager's partial intent (field-manager.ts): the image it forces is merged in, the rest is kept.
    const merged = await call(server, 'PATCH', `${DEPLOYMENTS}/crud-ssa?fieldManager=other&force=true`, yaml, 'application/apply-patch+yaml');
    assert.equal(merged.status, 200);
    assert.equal(merged.body.spec.template.spec.containers[0].image, 'a:2');
    assert.equal(merged.body.spec.replicas, 2);
  });

  test('delete returns a Success Status and the garbage collector removes owned ReplicaSets and Pods', async () => {
    await call(server, 'POST', DEPLOYMENTS, deploymentManifest({ name: 'crud-gone', replicas: 1 }));
    await server.settle();
    assert.equal(server.list('apps/v1', 'ReplicaSet').filter((rs) => (rs.metadata as { name: string }).name.startsWith('crud-gone-')).length, 1);
    const res = await call(server, 'DELETE', `${DEPLOYMENTS}/crud-gone`);
    assert.equal(res.body.status, 'Success');
    assert.equal(res.body.details.name, 'crud-gone');
    await server.settle();
    const leftovers = [...server.list('apps/v1', 'ReplicaSet'), ...server.list('v1', 'Pod')].filter((o) => (o.metadata as { name: string }).name.startsWith('crud-gone-'));
    assert.deepEqual(leftovers, []);
    assert.equal((await call(server, 'DELETE', `${DEPLOYMENTS}/crud-gone`)).status, 404);
  });
});

describe('namespaces', () => {
  test('deleting a namespace marks it Terminating, refuses new content, and removes it once its contents are gone', async () => {
    await call(server, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    const held = { ...pod('p', {}), metadata: { name: 'p', finalizers: ['example.com/hold'] } };
    await call(server, 'POST', '/api/v1/namespaces/doomed/pods', held);
    const deleted = await call(server, 'DELETE', '/api/v1/namespaces/doomed');
    assert.equal(deleted.body.status.phase, 'Terminating');
    await server.settle();
    const refused = await call(server, 'POST', '/api/v1/namespaces/doomed/pods', pod('q', {}));
    assert.equal(refused.status, 403);
    assert.equal(refused.body.reason, 'Forbidden');
    assert.ok((await call(server, 'GET', '/api/v1/namespaces/doomed/pods/p')).body.metadata.deletionTimestamp, 'held by its finalizer');
    await call(server, 'PATCH', '/api/v1/namespaces/doomed/pods/p', { metadata: { finalizers: null } }, 'application/merge-patch+json');
    await server.settle();
    assert.equal((await call(server, 'GET', '/api/v1/namespaces/doomed')).status, 404);
    assert.deepEqual(server.list('v1', 'Pod', 'doomed'), []);
  });
});

describe('lists', () => {
  test('label selectors filter lists: equality, inequality, set-based, exists, not-exists', async () => {
    await call(server, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sel' } });
    const path = '/api/v1/namespaces/sel/pods';
    await call(server, 'POST', path, pod('p1', { a: 'b', e: 'x', g: '1' }));
    await call(server, 'POST', path, pod('p2', { a: 'b', c: 'd', e: 'x', g: '1' }));
    await call(server, 'POST', path, pod('p3', { a: 'b', e: 'y', g: '1', f: '1' }));
    await call(server, 'POST', path, pod('p4', { a: 'b', e: 'y', g: '1' }));
    const list = await call(server, 'GET', `${path}?labelSelector=${encodeURIComponent('a=b,c!=d,e in (x,y),!f,g')}`);
    assert.equal(list.body.kind, 'PodList');
    assert.match(list.body.metadata.resourceVersion, /^\d+$/);
    assert.deepEqual(list.body.items.map((p: { metadata: { name: string } }) => p.metadata.name), ['p1', 'p4']);
    assert.equal(list.body.items[0].kind, undefined, 'items of a typed list carry no kind');
    const bad = await call(server, 'GET', `${path}?labelSelector=${encodeURIComponent('a in b')}`);
    assert.equal(bad.status, 400);
  });

  test('lists across all namespaces', async () => {
    const all = await call(server, 'GET', '/api/v1/pods?labelSelector=a%3Db');
    assert.ok(all.body.items.every((p: { metadata: { namespace: string } }) => p.metadata.namespace === 'sel'));
    assert.equal(all.body.items.length, 4);
  });

  test('watch streams ADDED for what exists, then changes', async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}${PODS}?watch=true&labelSelector=w%3D1`, { headers: { authorization: `Bearer ${/token: (\S+)/.exec(server.kubeconfig)?.[1]}` }, signal: controller.signal });
    await call(server, 'POST', PODS, pod('watched', { w: '1' }));
    await call(server, 'DELETE', `${PODS}/watched`);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('"DELETED"') || !text.endsWith('\n')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const events = text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    // The pretend scheduler may bind the pod in between (a MODIFIED event), as a real one would.
    assert.deepEqual(events.filter((e) => e.type !== 'MODIFIED').map((e) => [e.type, e.object.metadata.name]), [['ADDED', 'watched'], ['DELETED', 'watched']]);
  });
});

describe('storage', () => {
  test('a VolumeSnapshot of a bound PVC becomes readyToUse; one of a missing PVC reports an error', async () => {
    await call(server, 'POST', '/api/v1/namespaces/default/persistentvolumeclaims', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } } });
    const vs = '/apis/snapshot.storage.k8s.io/v1/namespaces/default/volumesnapshots';
    await call(server, 'POST', vs, { apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: 'snap' }, spec: { source: { persistentVolumeClaimName: 'data' } } });
    await server.settle();
    const snap = (await call(server, 'GET', `${vs}/snap`)).body;
    assert.equal(snap.status.readyToUse, true);
    assert.equal(snap.status.restoreSize, '2Gi');
    const s1 = (await call(server, 'GET', `${vs}/s1`)).body;
    assert.equal(s1.status.readyToUse, false);
    assert.match(s1.status.error.message, /"none" not found/);
  });
});
