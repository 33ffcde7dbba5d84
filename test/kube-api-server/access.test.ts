import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { call, DEPLOYMENTS, PODS, tokenOf, type Loose } from './api-client.ts';
import { deploymentManifest, startKubeApiServer, TEST_USER, type KubeApiServer } from './index.ts';

const REVIEWS = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

let server: KubeApiServer;
let pod: string;
before(async () => {
  server = await startKubeApiServer({ rolloutStepMs: 5 });
  server.apply(deploymentManifest({ name: 'web', replicas: 1 }));
  server.apply(deploymentManifest({ name: 'web', namespace: 'other', replicas: 1 }));
  await server.settle();
  pod = (server.list('v1', 'Pod', 'default')[0] as Loose).metadata.name;
});
after(() => server.close());
beforeEach(() => server.clearDenials());

const canI = async (attributes: Record<string, string>): Promise<Loose> => {
  const res = await call(server, 'POST', REVIEWS, { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attributes } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.status;
};
const touch = (value: string) => call(server, 'PATCH', `${DEPLOYMENTS}/web`, { metadata: { labels: { touched: value } } }, 'application/merge-patch+json');

/** Opens an exec WebSocket and resolves with the refusal the server wrote before upgrading (or 101). */
function execAttempt(): Promise<{ status: number; body: Loose }> {
  const q = new URLSearchParams({ container: 'web', stdout: 'true', command: 'true' });
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}${PODS}/${pod}/exec?${q}`, ['v5.channel.k8s.io'], {
    headers: { authorization: `Bearer ${tokenOf(server)}` },
  });
  return new Promise((resolve, reject) => {
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: null });
    });
    ws.on('unexpected-response', (_req, response) => {
      let text = '';
      response.on('data', (c: Buffer) => (text += c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    ws.on('error', reject);
  });
}

describe('RBAC denials chosen by tests', () => {
  test('with no rule every review is allowed and every request passes', async () => {
    assert.equal((await canI({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default' })).allowed, true);
    assert.equal((await touch('allowed')).status, 200);
  });

  test('a denied patch is 403 Forbidden with the apiserver\'s Status, and the review agrees', async () => {
    assert.equal((await touch('before')).status, 200);
    server.denyAccess({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default' });
    const refused = await touch('denied');
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
      message: `deployments.apps "web" is forbidden: User "${TEST_USER}" cannot patch resource "deployments" in API group "apps" in the namespace "default"`,
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
    const labels = (server.get('apps/v1', 'Deployment', 'default', 'web')?.metadata as { labels?: Record<string, string> }).labels ?? {};
    assert.equal(labels['touched'], 'before', 'a refused write changes nothing');

    assert.deepEqual(await canI({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'default' }), { allowed: false });
    assert.equal((await canI({ verb: 'get', group: 'apps', resource: 'deployments', namespace: 'default' })).allowed, true, 'other verbs');
    assert.equal((await canI({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'other' })).allowed, true, 'other namespaces');
    assert.equal((await canI({ verb: 'patch', group: 'apps', resource: 'deployments' })).allowed, false, 'all namespaces need every namespace');
    assert.equal((await call(server, 'GET', `${DEPLOYMENTS}/web`)).status, 200);
    assert.equal((await call(server, 'PATCH', '/apis/apps/v1/namespaces/other/deployments/web', { metadata: { labels: { a: 'b' } } }, 'application/merge-patch+json')).status, 200);
  });

  test('list and watch are their own verbs; a denied list names no object', async () => {
    server.denyAccess({ verb: 'list', group: '', resource: 'pods', namespace: 'default', reason: 'team policy' });
    const refused = await call(server, 'GET', PODS);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.message, `pods is forbidden: User "${TEST_USER}" cannot list resource "pods" in API group "" in the namespace "default"`);
    assert.equal((await call(server, 'GET', `${PODS}/${pod}`)).status, 200, 'get is not list');
    assert.equal((await call(server, 'GET', '/api/v1/pods')).status, 403, 'a list across all namespaces includes the denied one');
    assert.deepEqual(await canI({ verb: 'list', group: '', resource: 'pods', namespace: 'default' }), { allowed: false, reason: 'team policy' });
    server.denyAccess({ verb: 'watch', group: 'apps', resource: 'deployments', namespace: 'default' });
    const watch = await call(server, 'GET', `${DEPLOYMENTS}?watch=true`);
    assert.equal(watch.status, 403);
    assert.match(watch.body.message, /cannot watch resource "deployments" in API group "apps"/);
  });

  test('exec needs get and create on pods/exec: denying create refuses the upgrade with 403', async () => {
    assert.equal((await execAttempt()).status, 101);
    server.denyAccess({ verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: 'default' });
    const refused = await execAttempt();
    assert.equal(refused.status, 403);
    assert.equal(refused.body.reason, 'Forbidden');
    assert.equal(refused.body.message, `pods "${pod}" is forbidden: User "${TEST_USER}" cannot create resource "pods/exec" in API group "" in the namespace "default"`);
    assert.equal((await canI({ verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: 'default' })).allowed, false);
    assert.equal((await canI({ verb: 'create', group: '', resource: 'pods', namespace: 'default' })).allowed, true, 'pods is not pods/exec');
    server.clearDenials();
    server.denyAccess({ verb: 'get', group: '', resource: 'pods', subresource: 'exec', namespace: 'default' });
    assert.match((await execAttempt()).body.message, /cannot get resource "pods\/exec"/);
  });

  test('a review names exactly one kind of attributes, else 422 Invalid; non-resource checks are allowed', async () => {
    const neither = await call(server, 'POST', REVIEWS, { spec: {} });
    assert.equal(neither.status, 422);
    assert.equal(neither.body.reason, 'Invalid');
    assert.match(neither.body.message, /spec\.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes/);
    const both = await call(server, 'POST', REVIEWS, { spec: { resourceAttributes: { verb: 'get' }, nonResourceAttributes: { path: '/version', verb: 'get' } } });
    assert.equal(both.status, 422);
    const path = await call(server, 'POST', REVIEWS, { spec: { nonResourceAttributes: { path: '/version', verb: 'get' } } });
    assert.equal(path.body.status.allowed, true);
  });

  test('the review itself can be denied', async () => {
    server.denyAccess({ verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' });
    const refused = await call(server, 'POST', REVIEWS, { spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } });
    assert.equal(refused.status, 403);
    assert.match(refused.body.message, /^selfsubjectaccessreviews\.authorization\.k8s\.io is forbidden: .* at the cluster scope$/);
  });
});
