/**
 * GET /api/v1/clusters/{id}/permissions (K25) against the loopback Kubernetes API server, whose chosen RBAC
 * denials refuse the real requests too: the preflight names exactly the denied permissions with the features that
 * need them, and what it calls denied is what a real write through the gateway is refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { AppError } from '../../src/domain/errors.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

interface Check { verb: string; group: string; resource: string; subresource: string | null; allowed: boolean; reason: string | null; neededFor: string }

const key = (c: { verb: string; group: string; resource: string; subresource: string | null }) =>
  `${c.verb} ${c.group === '' ? '' : `${c.group}/`}${c.resource}${c.subresource ? `/${c.subresource}` : ''}`;

describe('cluster permissions preflight', () => {
  let t: TestApp;
  let kube: KubeApiServer;
  before(async () => {
    [t, kube] = await Promise.all([buildTestApp(), startKubeApiServer({ rolloutStepMs: 10 })]);
    kube.apply(deploymentManifest({ name: 'web', namespace: 'shop', replicas: 1 }));
    const created = await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: t.admin, payload: { id: 'loop', name: 'loopback', kubeconfig: kube.kubeconfig } });
    assert.equal(created.statusCode, 201, created.body);
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  const check = (namespace: string, headers: Record<string, string> = t.admin, cluster = 'loop') =>
    t.server.inject({ method: 'GET', url: `/api/v1/clusters/${cluster}/permissions?namespace=${encodeURIComponent(namespace)}`, headers });

  test('with nothing denied every check is allowed, each naming its feature', async () => {
    kube.clearDenials();
    const res = await check('shop');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { clusterId: string; namespace: string; allAllowed: boolean; checks: Check[] };
    assert.deepEqual([body.clusterId, body.namespace, body.allAllowed], ['loop', 'shop', true]);
    assert.equal(body.checks.length, 15);
    for (const c of body.checks) {
      assert.deepEqual(Object.keys(c).sort(), ['allowed', 'group', 'neededFor', 'reason', 'resource', 'subresource', 'verb']);
      assert.equal(c.allowed, true, key(c));
      assert.ok(c.neededFor.length > 0);
    }
    assert.match(body.checks.find((c) => key(c) === 'patch apps/deployments')?.neededFor ?? '', /restart, set image and rollback/);
    // Each review went to the cluster, in the namespace asked for.
    const reviews = kube.requests.filter((r) => r.path.endsWith('/selfsubjectaccessreviews'));
    const spec = (r: (typeof reviews)[number]) => (r.body as { spec: { resourceAttributes: Record<string, string> } }).spec.resourceAttributes;
    assert.ok(reviews.length >= 15);
    assert.ok(reviews.slice(-15).every((r) => spec(r)['namespace'] === 'shop' && r.status === 201));
  });

  test('denied patch deployments and create pods/exec are listed, exactly those, with their features', async () => {
    kube.clearDenials();
    kube.denyAccess({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'shop' });
    kube.denyAccess({ verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: 'shop', reason: 'exec is not granted here' });
    try {
      const res = await check('shop');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { allAllowed: boolean; checks: Check[] };
      assert.equal(body.allAllowed, false);
      const denied = body.checks.filter((c) => !c.allowed);
      assert.deepEqual(denied.map((c) => ({ check: key(c), reason: c.reason })), [
        { check: 'patch apps/deployments', reason: null },
        { check: 'create pods/exec', reason: 'exec is not granted here' },
      ]);
      assert.match(denied[0]!.neededFor, /restart, set image and rollback/);
      assert.match(denied[1]!.neededFor, /execution hooks/);
      assert.ok(body.checks.filter((c) => c.allowed).every((c) => typeof c.reason === 'string'), 'the allowing authorizer explains itself');

      // Another namespace is not affected.
      assert.equal((await check('default')).json().allAllowed, true);

      // The agreement: what the preflight calls denied, the real call is refused, with the gateway's permission error.
      const gateway = t.deps.kube.connect(kube.kubeconfig);
      await assert.rejects(gateway.restart({ namespace: 'shop', kind: 'Deployment', name: 'web' }, 'deploy-1'), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'KUBE_FORBIDDEN');
        assert.match(error.detail, /may not patch deployments\.apps "web" in namespace "shop" \(403\)/);
        return true;
      });
      assert.equal((await gateway.captureTemplate({ namespace: 'shop', kind: 'Deployment', name: 'web' })).workload.name, 'web', 'what is allowed still works');
    } finally {
      kube.clearDenials();
    }
  });

  test('the checks are exactly the Role of deploy/rbac.yaml', async () => {
    const docs = parseAllDocuments(readFileSync(new URL('../../deploy/rbac.yaml', import.meta.url), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
    const role = docs.find((d) => d['kind'] === 'Role') as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
    const granted = role.rules.flatMap((rule) => rule.apiGroups.flatMap((group) => rule.resources.flatMap((resource) => rule.verbs.map((verb) => {
      const [name, subresource] = resource.split('/');
      return key({ verb, group, resource: name ?? '', subresource: subresource ?? null });
    }))));
    const checked = ((await check('shop')).json() as { checks: Check[] }).checks.map(key);
    assert.deepEqual([...checked].sort(), [...granted].sort());
  });

  test('the namespace is required and must be a DNS-1123 label (400 naming the field)', async () => {
    for (const bad of ['Shop', 'shop_1', '-shop', 'a'.repeat(64), '']) {
      const res = await check(bad);
      assert.equal(res.statusCode, 400, bad);
      assert.equal(res.headers['content-type'], 'application/problem+json');
      assert.equal(res.json().code, 'VALIDATION_FAILED');
      assert.deepEqual(res.json().errors.map((e: { pointer: string }) => e.pointer), ['/query/namespace'], bad);
    }
    const missing = await t.server.inject({ method: 'GET', url: '/api/v1/clusters/loop/permissions', headers: t.admin });
    assert.equal(missing.statusCode, 400);
    assert.match(JSON.stringify(missing.json().errors), /namespace/);
  });

  test('a viewer may run the check; no token may not', async () => {
    const viewer = await t.tokenFor('viewer');
    const res = await check('shop', viewer);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().allAllowed, true);
    assert.equal((await check('shop', {})).statusCode, 401);
  });

  test('an unknown cluster is 404 CLUSTER_NOT_FOUND', async () => {
    const res = await check('shop', t.admin, 'nope');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'CLUSTER_NOT_FOUND');
  });

  test('an unreachable cluster is 503 KUBE_UNAVAILABLE with the reachability error', async () => {
    const dead = kube.kubeconfig.replace(kube.url, 'http://127.0.0.1:1');
    assert.equal((await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: t.admin, payload: { id: 'dead', name: 'dead', kubeconfig: dead } })).statusCode, 201);
    const probe = (await t.server.inject({ method: 'GET', url: '/api/v1/clusters/dead', headers: t.admin })).json();
    const res = await check('shop', t.admin, 'dead');
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.headers['content-type'], 'application/problem+json');
    assert.equal(res.json().code, 'KUBE_UNAVAILABLE');
    assert.equal(res.json().detail, `Cluster dead cannot be reached: ${probe.reachability.error}`);
  });

  test('credentials that may not even ask are 502 KUBE_FORBIDDEN', async () => {
    kube.denyAccess({ verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' });
    try {
      const res = await check('shop');
      assert.equal(res.statusCode, 502, res.body);
      assert.equal(res.json().code, 'KUBE_FORBIDDEN');
      assert.match(res.json().detail, /selfsubjectaccessreviews/);
      assert.ok(!res.body.includes('token'), 'no credentials in the problem');
    } finally {
      kube.clearDenials();
    }
  });

  test('the endpoint and its schema are in /openapi.json', async () => {
    const doc = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[]; responses: Record<string, unknown> }>> };
    const op = doc.paths['/api/v1/clusters/{id}/permissions']?.['get'];
    assert.ok(op, 'documented');
    assert.deepEqual(op.parameters?.filter((p) => p.in === 'query').map((p) => [p.name, p.required]), [['namespace', true]]);
    assert.ok(op.responses['200'] && op.responses['503']);
  });
});
