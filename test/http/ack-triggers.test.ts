/**
 * ACK trigger management (A-1…A-6) and the hook's refusals, against the real server over a real SQLite store and
 * the loopback Kubernetes API server. Calling a trigger until its rollout finishes is test/integration/ack-*.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const CLUSTER = 'c5cdf7e3938bc4f8eb0e44b21a80f0001';
const OTHER = 'c68deb844dc6d480eb775be611fdf0002';

describe('ACK triggers: CreateTrigger, DescribeTrigger, DeleteTrigger and the deprecated forms', () => {
  let t: TestApp;
  let kube: KubeApiServer;
  before(async () => {
    t = await buildTestApp();
    kube = await startKubeApiServer();
    kube.apply(deploymentManifest({ name: 'test-app' }));
    kube.apply(deploymentManifest({ name: 'api', namespace: 'shop' }));
    for (const id of [CLUSTER, OTHER]) {
      const res = await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: t.admin, payload: { id, name: id, kubeconfig: kube.kubeconfig } });
      assert.equal(res.statusCode, 201, res.body);
    }
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  const ack = (method: 'GET' | 'POST' | 'DELETE' | 'PUT', url: string, payload?: object, headers: Record<string, string> = t.admin) =>
    t.server.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  function assertAckError(res: { statusCode: number; json(): unknown; headers: Record<string, unknown> }, status: number, code: string): string {
    assert.equal(res.statusCode, status);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json() as { code: string; message: string; requestId: string };
    assert.deepEqual(Object.keys(body).sort(), ['code', 'message', 'requestId']);
    assert.equal(body.code, code, body.message);
    assert.equal(body.requestId, res.headers['x-request-id']);
    return body.message;
  }

  test('the seed\'s CreateTrigger sample returns exactly {id, cluster_id, project_id, type, action}', async () => {
    const res = await ack('POST', `/clusters/${CLUSTER}/triggers`, { cluster_id: CLUSTER, project_id: 'default/test-app', action: 'redeploy', type: 'deployment' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['action', 'cluster_id', 'id', 'project_id', 'type']);
    assert.equal(typeof body.id, 'string');
    assert.match(body.id, /^[1-9][0-9]*$/);
    assert.deepEqual({ ...body, id: 'x' }, { id: 'x', cluster_id: CLUSTER, project_id: 'default/test-app', type: 'deployment', action: 'redeploy' });
  });

  test('type defaults to deployment; ids are decimal, increasing and distinct', async () => {
    const a = await ack('POST', `/clusters/${CLUSTER}/triggers`, { cluster_id: CLUSTER, project_id: 'shop/api', action: 'redeploy' });
    const b = await ack('POST', `/clusters/${CLUSTER}/triggers`, { cluster_id: CLUSTER, project_id: 'shop/api', action: 'redeploy' });
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(a.json().type, 'deployment');
    assert.ok(Number(b.json().id) > Number(a.json().id));
  });

  test('DescribeTrigger returns an array with name and a token that is the trigger URL\'s', async () => {
    const res = await ack('GET', `/clusters/${CLUSTER}/triggers?Namespace=shop&Name=api`);
    assert.equal(res.statusCode, 200, res.body);
    const list = res.json();
    assert.ok(Array.isArray(list));
    assert.equal(list.length, 2);
    for (const item of list) {
      assert.deepEqual(Object.keys(item).sort(), ['action', 'cluster_id', 'id', 'name', 'project_id', 'token', 'type']);
      assert.equal(item.project_id, 'shop/api');
      assert.equal(item.name, `api-redeploy-${item.id}`);
      const [header, payload] = item.token.split('.');
      assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      assert.deepEqual(Object.keys(claims).sort(), ['clusterId', 'id', 'jti']);
      assert.equal(claims.clusterId, CLUSTER);
      assert.equal(claims.id, item.id);
    }
    assert.notEqual(list[0].token, list[1].token);
    const again = (await ack('GET', `/clusters/${CLUSTER}/triggers?Namespace=shop&Name=api`)).json();
    assert.deepEqual(again, list, 'the token is stable (recomputed, not rotated)');
    const filtered = await ack('GET', `/clusters/${CLUSTER}/triggers?Namespace=shop&Name=api&Type=application&action=redeploy`);
    assert.deepEqual(filtered.json(), []);
    assert.deepEqual((await ack('GET', `/clusters/${OTHER}/triggers?Namespace=shop&Name=api`)).json(), [], 'scoped to the cluster');
  });

  test('validation: bad project_id, unknown action or type, cluster_id mismatch, missing or unknown fields → 400 InvalidParameter', async () => {
    const cases: [object, RegExp][] = [
      [{ cluster_id: CLUSTER, project_id: 'test-app', action: 'redeploy' }, /project_id/],
      [{ cluster_id: CLUSTER, project_id: 'a/b/c', action: 'redeploy' }, /project_id/],
      [{ cluster_id: CLUSTER, project_id: 'Default/test-app', action: 'redeploy' }, /namespace/],
      [{ cluster_id: CLUSTER, project_id: 'default/Test_App', action: 'redeploy' }, /name/],
      [{ cluster_id: CLUSTER, project_id: `${'n'.repeat(64)}/x`, action: 'redeploy' }, /namespace/],
      [{ cluster_id: CLUSTER, project_id: 'default/', action: 'redeploy' }, /name/],
      [{ cluster_id: CLUSTER, project_id: 'default/test-app', action: 'scaling' }, /action/],
      [{ cluster_id: CLUSTER, project_id: 'default/test-app', action: 'redeploy', type: 'statefulset' }, /type/],
      [{ cluster_id: OTHER, project_id: 'default/test-app', action: 'redeploy' }, /cluster_id/],
      [{ project_id: 'default/test-app', action: 'redeploy' }, /cluster_id/],
      [{ cluster_id: CLUSTER, action: 'redeploy' }, /project_id/],
      [{ cluster_id: CLUSTER, project_id: 'default/test-app' }, /action/],
      [{ cluster_id: CLUSTER, project_id: 'default/test-app', action: 'redeploy', extra: 1 }, /extra/],
      [{ cluster_id: CLUSTER, project_id: 'default/missing', action: 'redeploy' }, /Deployment default\/missing does not exist/],
      [{ cluster_id: CLUSTER, project_id: 'default/missing', action: 'redeploy', type: 'application' }, /no application missing/],
    ];
    for (const [payload, message] of cases) {
      const res = await ack('POST', `/clusters/${CLUSTER}/triggers`, payload);
      assert.match(assertAckError(res, 400, 'InvalidParameter'), message, JSON.stringify(payload));
    }
    const notJson = await t.server.inject({ method: 'POST', url: `/clusters/${CLUSTER}/triggers`, headers: { ...t.admin, 'content-type': 'application/json' }, payload: '{"cluster_id":' });
    assertAckError(notJson, 400, 'InvalidParameter');
    const describeMissing = await ack('GET', `/clusters/${CLUSTER}/triggers?Namespace=shop`);
    assert.match(assertAckError(describeMissing, 400, 'InvalidParameter'), /Name/);
    assertAckError(await ack('GET', `/clusters/${CLUSTER}/triggers?Namespace=shop&Name=api&Type=job`), 400, 'InvalidParameter');
  });

  test('an unknown cluster is 404 ErrorClusterNotFound on every cluster route', async () => {
    const body = { cluster_id: 'nope', project_id: 'default/test-app', action: 'redeploy' };
    assertAckError(await ack('POST', '/clusters/nope/triggers', body), 404, 'ErrorClusterNotFound');
    assertAckError(await ack('POST', '/triggers', body), 404, 'ErrorClusterNotFound');
    assertAckError(await ack('GET', '/clusters/nope/triggers?Namespace=a&Name=b'), 404, 'ErrorClusterNotFound');
    assertAckError(await ack('GET', '/triggers/nope?Namespace=a&Name=b'), 404, 'ErrorClusterNotFound');
    assertAckError(await ack('DELETE', '/clusters/nope/triggers/1'), 404, 'ErrorClusterNotFound');
  });

  test('DeleteTrigger answers {} and then ErrorTriggerNotFound; a trigger of another cluster is not found', async () => {
    const created = (await ack('POST', `/clusters/${CLUSTER}/triggers`, { cluster_id: CLUSTER, project_id: 'default/test-app', action: 'redeploy' })).json();
    assertAckError(await ack('DELETE', `/clusters/${OTHER}/triggers/${created.id}`), 404, 'ErrorTriggerNotFound');
    const deleted = await ack('DELETE', `/clusters/${CLUSTER}/triggers/${created.id}`);
    assert.equal(deleted.statusCode, 200, deleted.body);
    assert.deepEqual(deleted.json(), {});
    assertAckError(await ack('DELETE', `/clusters/${CLUSTER}/triggers/${created.id}`), 404, 'ErrorTriggerNotFound');
    assertAckError(await ack('DELETE', `/clusters/${CLUSTER}/triggers/abc`), 404, 'ErrorTriggerNotFound');
    assertAckError(await ack('DELETE', `/clusters/${CLUSTER}/triggers/99999999`), 404, 'ErrorTriggerNotFound');
  });

  test('the deprecated forms: CreateKubernetesTrigger, GetKubernetesTrigger (no token) and DeleteKubernetesTrigger', async () => {
    const created = await ack('POST', '/triggers', { cluster_id: OTHER, project_id: 'default/test-app', action: 'redeploy', type: 'deployment' });
    assert.equal(created.statusCode, 200, created.body);
    assert.deepEqual(Object.keys(created.json()).sort(), ['action', 'cluster_id', 'id', 'project_id', 'type']);
    const got = await ack('GET', `/triggers/${OTHER}?Namespace=default&Name=test-app`);
    assert.equal(got.statusCode, 200, got.body);
    assert.deepEqual(got.json(), [{ id: created.json().id, name: `test-app-redeploy-${created.json().id}`, cluster_id: OTHER, project_id: 'default/test-app', type: 'deployment', action: 'redeploy' }]);
    const revoked = await ack('DELETE', `/triggers/revoke/${created.json().id}`);
    assert.equal(revoked.statusCode, 200);
    assert.deepEqual(revoked.json(), {});
    assertAckError(await ack('DELETE', `/triggers/revoke/${created.json().id}`), 404, 'ErrorTriggerNotFound');
    assert.deepEqual((await ack('GET', `/triggers/${OTHER}?Namespace=default&Name=test-app`)).json(), []);
  });

  test('credentials and roles: ACK envelope for 401/403; DescribeTrigger needs deploy, GetKubernetesTrigger read', async () => {
    assertAckError(await ack('GET', `/clusters/${CLUSTER}/triggers?Namespace=shop&Name=api`, undefined, {}), 401, 'InvalidAccessKeyId');
    assertAckError(await ack('POST', `/clusters/${CLUSTER}/triggers`, { cluster_id: CLUSTER, project_id: 'shop/api', action: 'redeploy' }, { authorization: 'Bearer nope-nope-nope' }), 401, 'InvalidAccessKeyId');
    const viewer = await t.tokenFor('viewer');
    assertAckError(await ack('GET', `/clusters/${CLUSTER}/triggers?Namespace=shop&Name=api`, undefined, viewer), 403, 'ErrorCheckAcl');
    assertAckError(await ack('POST', `/clusters/${CLUSTER}/triggers`, { cluster_id: CLUSTER, project_id: 'shop/api', action: 'redeploy' }, viewer), 403, 'ErrorCheckAcl');
    const legacy = await ack('GET', `/triggers/${CLUSTER}?Namespace=shop&Name=api`, undefined, viewer);
    assert.equal(legacy.statusCode, 200);
    assert.ok(legacy.json().every((x: object) => !('token' in x)));
    const pipeline = await t.tokenFor('pipeline');
    const described = await ack('GET', `/clusters/${CLUSTER}/triggers?Namespace=shop&Name=api`, undefined, pipeline);
    assert.equal(described.statusCode, 200);
    assert.ok(described.json().every((x: { token: string }) => x.token.length > 0));
  });

  test('unknown paths under the ACK prefixes answer in the ACK envelope', async () => {
    assertAckError(await ack('GET', `/clusters/${CLUSTER}/nothing`), 404, 'InvalidAction.NotFound');
    assertAckError(await ack('PUT', `/triggers/revoke/1`), 404, 'InvalidAction.NotFound');
  });
});

describe('the trigger URL refuses bad tokens without telling which', () => {
  let t: TestApp;
  let kube: KubeApiServer;
  before(async () => {
    t = await buildTestApp();
    kube = await startKubeApiServer();
    kube.apply(deploymentManifest({ name: 'test-app' }));
    await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: t.admin, payload: { id: CLUSTER, name: 'c', kubeconfig: kube.kubeconfig } });
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  test('missing, malformed, forged, tampered, revoked or foreign tokens all get the same 404 body', async () => {
    await t.server.inject({ method: 'POST', url: `/clusters/${CLUSTER}/triggers`, headers: t.admin, payload: { cluster_id: CLUSTER, project_id: 'default/test-app', action: 'redeploy' } });
    const [described] = (await t.server.inject({ method: 'GET', url: `/clusters/${CLUSTER}/triggers?Namespace=default&Name=test-app`, headers: t.admin })).json();
    const token: string = described.token;
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, id: '2' })).toString('base64url');
    const flipped = s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1);
    const other = await buildTestApp();
    try {
      // A token signed by another Capstan (another master key) is a forgery here.
      await other.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: other.admin, payload: { id: CLUSTER, name: 'c', kubeconfig: kube.kubeconfig } });
      await other.server.inject({ method: 'POST', url: `/clusters/${CLUSTER}/triggers`, headers: other.admin, payload: { cluster_id: CLUSTER, project_id: 'default/test-app', action: 'redeploy' } });
      const [foreign] = (await other.server.inject({ method: 'GET', url: `/clusters/${CLUSTER}/triggers?Namespace=default&Name=test-app`, headers: other.admin })).json();
      const bad = ['/hook/trigger', '/hook/trigger?token=', '/hook/trigger?token=abc', `/hook/trigger?token=${h}.${forgedPayload}.${s}`,
        `/hook/trigger?token=${h}.${p}.${flipped}`, `/hook/trigger?token=${h}.${p}`, `/hook/trigger?token=${token}&token=${token}`,
        `/hook/trigger?token=${'x'.repeat(5000)}`, `/hook/trigger?token=${foreign.token}`, '/hook/other'];
      for (const url of bad) {
        for (const method of ['GET', 'POST'] as const) {
          const res = await t.server.inject({ method, url });
          assert.equal(res.statusCode, 404, `${method} ${url}`);
          assert.deepEqual({ ...(res.json() as object), requestId: '-' }, { code: '404', message: 'trigger not found', requestId: '-' }, `${method} ${url}`);
          assert.equal(res.headers['www-authenticate'], undefined);
        }
      }
      await t.server.inject({ method: 'DELETE', url: `/clusters/${CLUSTER}/triggers/${described.id}`, headers: t.admin });
      const revoked = await t.server.inject({ method: 'POST', url: `/hook/trigger?token=${token}` });
      assert.equal(revoked.statusCode, 404);
      assert.deepEqual({ ...(revoked.json() as object), requestId: '-' }, { code: '404', message: 'trigger not found', requestId: '-' });
    } finally {
      await other.close();
    }
  });

  test('the body is read only after the token checks out, and only up to 64 KiB', async () => {
    const created = (await t.server.inject({ method: 'POST', url: '/api/v1/triggers', headers: t.admin, payload: { clusterId: CLUSTER, namespace: 'default', target: 'test-app' } })).json();
    const hook = new URL(created.url);
    const big = 'x'.repeat(70 * 1024);
    const forged = await t.server.inject({ method: 'POST', url: '/hook/trigger?token=abc', payload: big, headers: { 'content-type': 'text/plain' } });
    assert.equal(forged.statusCode, 404, 'refused before the body is read');
    const tooLarge = await t.server.inject({ method: 'POST', url: hook.pathname + hook.search, payload: big, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(tooLarge.statusCode, 413);
    assert.equal(tooLarge.json().code, '413');
    const anyType = await t.server.inject({ method: 'POST', url: hook.pathname + hook.search, payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(anyType.statusCode, 200, 'a deployment trigger ignores whatever body a sender posts');
  });

  test('HEAD does not call the trigger', async () => {
    const res = await t.server.inject({ method: 'HEAD', url: '/hook/trigger?token=abc' });
    assert.notEqual(res.statusCode, 200);
  });
});
