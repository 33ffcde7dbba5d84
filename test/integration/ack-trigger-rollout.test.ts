/**
 * Calling ACK trigger URLs end to end: the real server with a real worker over SQLite, against the loopback
 * Kubernetes API server. A call answers with the deploy record's id; the worker rolls the workload (new
 * ReplicaSet, restartedAt annotation) and the record — the trigger's invocation history — ends succeeded or
 * failed with the reason.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { signStandardWebhook } from '../../src/adapters/webhooks/standard-webhooks.ts';
import { daemonSetManifest, deploymentManifest, startKubeApiServer, statefulSetManifest, type KubeApiServer } from '../kube-api-server/index.ts';
import { buildTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';

const CLUSTER = 'c5cdf7e3938bc4f8eb0e44b21a80f0001';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

interface Invocation { recordId: string; state: string; hookAction: string; error: string | null; steps: { state: string; workloads: { kind: string; name: string; state: string }[] }[] }

describe('ACK trigger URLs redeploy for real', () => {
  const logLines: string[] = [];
  const tokens: string[] = [];
  let t: TestApp;
  let kube: KubeApiServer;
  before(async () => {
    const sink = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
    t = await buildTestApp({ worker: true, logDestination: sink, logLevel: 'trace' });
    kube = await startKubeApiServer({ rolloutStepMs: 10, progressDeadlineScale: 0.003 });
    kube.apply(deploymentManifest({ name: 'test-app' }));
    kube.apply(deploymentManifest({ name: 'slow-app' }));
    kube.apply(deploymentManifest({ name: 'broken', image: 'registry.example/fail:1' }));
    const shop = { 'app.kubernetes.io/instance': 'shop' };
    kube.apply(deploymentManifest({ name: 'shop-web', namespace: 'shop', labels: { ...shop, tier: 'web' } }));
    kube.apply(statefulSetManifest({ name: 'shop-db', namespace: 'shop', labels: { ...shop, tier: 'db' } }));
    kube.apply(daemonSetManifest({ name: 'shop-agent', namespace: 'shop', labels: { ...shop, tier: 'agent' } }));
    kube.apply(deploymentManifest({ name: 'outsider', namespace: 'shop', labels: { tier: 'other' } }));
    await kube.settle();
    const cluster = await api('POST', '/api/v1/clusters', { id: CLUSTER, name: 'loop', kubeconfig: kube.kubeconfig });
    assert.equal(cluster.statusCode, 201, cluster.body);
    const app = await api('POST', '/api/v1/applications', { name: 'shop', clusterId: CLUSTER, namespace: 'shop' });
    assert.equal(app.statusCode, 201, app.body);
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  function api(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', url: string, payload?: object) {
    return t.server.inject({ method, url, headers: t.admin, ...(payload ? { payload } : {}) });
  }

  /** CreateTrigger + DescribeTrigger: the ACK way to get a trigger's token. */
  async function ackTrigger(projectId: string, type: 'deployment' | 'application' = 'deployment'): Promise<{ ackId: string; id: string; hook: string }> {
    const created = await api('POST', `/clusters/${CLUSTER}/triggers`, { cluster_id: CLUSTER, project_id: projectId, action: 'redeploy', type });
    assert.equal(created.statusCode, 200, created.body);
    const [namespace, name] = projectId.split('/');
    const described = (await api('GET', `/clusters/${CLUSTER}/triggers?Namespace=${namespace}&Name=${name}&Type=${type}`)).json() as { id: string; token: string }[];
    const mine = described.find((d) => d.id === created.json().id);
    assert.ok(mine);
    tokens.push(mine.token);
    const native = (await api('GET', `/api/v1/triggers?clusterId=${CLUSTER}&namespace=${namespace}&target=${name}`)).json().items as { id: string; ackId: string }[];
    return { ackId: mine.id, id: native.find((n) => n.ackId === mine.id)!.id, hook: `/hook/trigger?token=${mine.token}` };
  }

  async function call(hook: string, method: 'GET' | 'POST' = 'POST', payload?: string | object, headers: Record<string, string> = {}) {
    const res = await t.server.inject({ method, url: hook, headers, ...(payload === undefined ? {} : { payload }) });
    return res;
  }

  async function invocations(triggerId: string): Promise<Invocation[]> {
    const res = await api('GET', `/api/v1/triggers/${triggerId}/invocations`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items;
  }

  async function finished(triggerId: string, recordId: string, timeoutMs = 20_000): Promise<Invocation> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await invocations(triggerId)).find((i) => i.recordId === recordId);
      if (found && ['succeeded', 'failed', 'stopped'].includes(found.state)) return found;
      assert.ok(Date.now() < deadline, `record ${recordId} did not finish: ${JSON.stringify(found)}`);
      await sleep(25);
    }
  }

  const template = (kind: string, namespace: string, name: string) =>
    (kube.get('apps/v1', kind, namespace, name) as { spec: { template: { metadata: { annotations?: Record<string, string> }; spec: { containers: { name: string; image: string }[] } } } }).spec.template;
  const replicaSets = (namespace: string, owner: string) =>
    kube.list('apps/v1', 'ReplicaSet', namespace).filter((rs) => (rs.metadata as { name: string }).name.startsWith(`${owner}-`));

  test('calling the URL rolls the Deployment: a new ReplicaSet, restartedAt on the template, the record succeeded', async () => {
    const trigger = await ackTrigger('default/test-app');
    assert.equal(replicaSets('default', 'test-app').length, 1);
    assert.equal(template('Deployment', 'default', 'test-app').metadata.annotations?.[RESTARTED_AT], undefined);

    const res = await call(trigger.hook, 'POST');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['code', 'message', 'requestId']);
    assert.equal(body.code, '200');
    assert.equal(body.message, '');
    assert.match(body.requestId, /^[0-9a-f]{32}$/);

    const done = await finished(trigger.id, body.requestId);
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    assert.equal(done.hookAction, 'redeploy');
    assert.deepEqual(done.steps[0]?.workloads.map((w) => [w.kind, w.name, w.state]), [['Deployment', 'test-app', 'succeeded']]);
    assert.match(template('Deployment', 'default', 'test-app').metadata.annotations?.[RESTARTED_AT] ?? '', /^\d{4}-\d\d-\d\dT/);
    const sets = replicaSets('default', 'test-app');
    assert.equal(sets.length, 2, 'a new ReplicaSet was made');
    const revisions = sets.map((rs) => (rs.metadata as { annotations: Record<string, string> }).annotations['deployment.kubernetes.io/revision']).sort();
    assert.deepEqual(revisions, ['1', '2']);

    // GET works too (ACK: "call a trigger by using GET or POST") and makes the next revision.
    const viaGet = await call(trigger.hook, 'GET');
    assert.equal(viaGet.statusCode, 200, viaGet.body);
    assert.notEqual(viaGet.json().requestId, body.requestId);
    assert.equal((await finished(trigger.id, viaGet.json().requestId)).state, 'succeeded');
    assert.equal(replicaSets('default', 'test-app').length, 3);
    const history = await invocations(trigger.id);
    assert.deepEqual(history.map((i) => i.recordId), [viaGet.json().requestId, body.requestId], 'newest first');
  });

  test('calls arriving while a restart runs collapse into one follow-up restart', async () => {
    const trigger = await ackTrigger('default/slow-app');
    kube.injectFault({ latencyMs: 400, count: 2, method: 'PATCH', pathPattern: /slow-app/ });
    const first = (await call(trigger.hook)).json().requestId as string;
    for (let i = 0; ; i++) {
      const running = (await invocations(trigger.id)).find((r) => r.recordId === first);
      if (running?.state === 'running') break;
      assert.ok(i < 400, 'the first restart starts');
      await sleep(5);
    }
    const burst = await Promise.all(Array.from({ length: 12 }, () => call(trigger.hook)));
    const ids = new Set(burst.map((r) => { assert.equal(r.statusCode, 200, r.body); return r.json().requestId as string; }));
    assert.equal(ids.size, 1, 'every call of the burst joined the same queued restart');
    const [followUp] = [...ids] as [string];
    assert.notEqual(followUp, first);
    assert.equal((await finished(trigger.id, first)).state, 'succeeded');
    assert.equal((await finished(trigger.id, followUp)).state, 'succeeded');
    assert.equal((await invocations(trigger.id)).length, 2, '13 calls, 2 restarts');
  });

  test('an application trigger rolls every Deployment, StatefulSet and DaemonSet of the application, and nothing else', async () => {
    const trigger = await ackTrigger('shop/shop', 'application');
    const before = template('Deployment', 'shop', 'outsider').metadata.annotations?.[RESTARTED_AT];
    const res = await call(trigger.hook);
    assert.equal(res.statusCode, 200, res.body);
    const done = await finished(trigger.id, res.json().requestId);
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    assert.deepEqual(done.steps[0]?.workloads.map((w) => `${w.kind}/${w.name}:${w.state}`).sort(),
      ['DaemonSet/shop-agent:succeeded', 'Deployment/shop-web:succeeded', 'StatefulSet/shop-db:succeeded']);
    for (const [kind, name] of [['Deployment', 'shop-web'], ['StatefulSet', 'shop-db'], ['DaemonSet', 'shop-agent']] as const) {
      assert.ok(template(kind, 'shop', name).metadata.annotations?.[RESTARTED_AT], `${kind} ${name} was restarted`);
    }
    assert.equal(template('Deployment', 'shop', 'outsider').metadata.annotations?.[RESTARTED_AT], before, 'a workload outside the application is untouched');
  });

  test('an application trigger call may override images of its own Deployments, never of others', async () => {
    const trigger = await ackTrigger('shop/shop', 'application');
    const override = (name: string, container: string, image: string) =>
      JSON.stringify({ resource: { deployment: { metadata: { name }, spec: { template: { spec: { containers: [{ name: container, image }] } } } } } });
    const res = await call(trigger.hook, 'POST', override('shop-web', 'shop-web', 'registry.example/rollouts-demo:green'), { 'content-type': 'application/json' });
    assert.equal(res.statusCode, 200, res.body);
    const done = await finished(trigger.id, res.json().requestId);
    assert.equal(done.state, 'succeeded', JSON.stringify(done));
    assert.equal(done.hookAction, 'update-image');
    assert.equal(template('Deployment', 'shop', 'shop-web').spec.containers[0]?.image, 'registry.example/rollouts-demo:green');

    const outside = await call(trigger.hook, 'POST', override('outsider', 'outsider', 'registry.example/evil:1'));
    assert.equal(outside.statusCode, 400);
    assert.equal(outside.json().code, '400');
    assert.match(outside.json().message, /not part of application shop/);
    const noContainer = await call(trigger.hook, 'POST', override('shop-web', 'sidecar', 'registry.example/x:1'));
    assert.equal(noContainer.statusCode, 400);
    assert.match(noContainer.json().message, /has no container sidecar/);
    const notJson = await call(trigger.hook, 'POST', '{"resource":', { 'content-type': 'application/json' });
    assert.equal(notJson.statusCode, 400);
    assert.equal(template('Deployment', 'shop', 'outsider').spec.containers[0]?.image, 'registry.example/app:1.0.0');
  });

  test('a failing rollout ends the record failed with the reason', async () => {
    const trigger = await ackTrigger('default/broken');
    const res = await call(trigger.hook);
    assert.equal(res.statusCode, 200, res.body);
    const done = await finished(trigger.id, res.json().requestId, 30_000);
    assert.equal(done.state, 'failed', JSON.stringify(done));
    assert.match(done.error ?? '', /restart deployment default\/broken/);
    assert.match(done.error ?? '', /ProgressDeadlineExceeded|progress deadline/i);
    assert.deepEqual(done.steps[0]?.workloads.map((w) => [w.name, w.state]), [['broken', 'failed']]);
  });

  test('a deleted trigger\'s URL no longer works; its history stays in the deploy records', async () => {
    const trigger = await ackTrigger('default/test-app');
    const res = await call(trigger.hook);
    assert.equal(res.statusCode, 200);
    await finished(trigger.id, res.json().requestId);
    const deleted = await api('DELETE', `/clusters/${CLUSTER}/triggers/${trigger.ackId}`);
    assert.equal(deleted.statusCode, 200);
    for (const method of ['GET', 'POST'] as const) {
      const again = await call(trigger.hook, method);
      assert.equal(again.statusCode, 404);
      assert.deepEqual({ ...(again.json() as object), requestId: '-' }, { code: '404', message: 'trigger not found', requestId: '-' });
    }
    const record = await t.deps.store.records.get(t.accountId, res.json().requestId);
    assert.equal(record?.triggerId, trigger.id);
  });

  test('a trigger that requires a Standard Webhooks signature refuses unsigned calls and dedupes replays', async () => {
    const created = await api('POST', '/api/v1/triggers', { clusterId: CLUSTER, namespace: 'default', target: 'test-app', requireSignature: true });
    assert.equal(created.statusCode, 201, created.body);
    const { url, signingSecret, id } = created.json();
    assert.match(signingSecret, /^whsec_/);
    const hook = new URL(url).pathname + new URL(url).search;
    tokens.push(new URL(url).searchParams.get('token')!);
    assert.equal((await call(hook)).statusCode, 404, 'unsigned');
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': signStandardWebhook(signingSecret, 'msg_1', ts, '') };
    const signed = await call(hook, 'POST', undefined, headers);
    assert.equal(signed.statusCode, 200, signed.body);
    await finished(id, signed.json().requestId);
    const replay = await call(hook, 'POST', undefined, headers);
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.json().requestId, signed.json().requestId, 'a replayed webhook-id is not run again');
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    assert.equal((await call(hook, 'POST', undefined, { 'webhook-id': 'msg_2', 'webhook-timestamp': stale, 'webhook-signature': signStandardWebhook(signingSecret, 'msg_2', stale, '') })).statusCode, 404);
    assert.equal((await invocations(id)).length, 1);
  });

  test('a per-trigger rate limit answers 429 with Retry-After once the budget is spent', async () => {
    const created = (await api('POST', '/api/v1/triggers', { clusterId: CLUSTER, namespace: 'default', target: 'test-app', rateLimitPerMinute: 2 })).json();
    tokens.push(new URL(created.url).searchParams.get('token')!);
    const hook = new URL(created.url).pathname + new URL(created.url).search;
    assert.equal((await call(hook)).statusCode, 200);
    assert.equal((await call(hook)).statusCode, 200);
    const limited = await call(hook);
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().code, '429');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    const lifted = await api('PATCH', `/api/v1/triggers/${created.id}`, { rateLimitPerMinute: null });
    assert.equal(lifted.statusCode, 200, lifted.body);
    assert.equal(lifted.json().rateLimitPerMinute, null);
    assert.equal((await call(hook)).statusCode, 200);
  });

  test('no trigger token, admin token or kubeconfig credential ever reached the log', () => {
    const all = logLines.join('');
    assert.ok(all.includes('/hook/trigger'), 'hook requests were logged (with the token cut)');
    assert.ok(tokens.length >= 8);
    for (const secret of [...tokens, ...tokens.map((x) => x.split('.')[2]!), TEST_ADMIN_TOKEN]) {
      assert.ok(!all.includes(secret), `a secret leaked into the logs: ${secret.slice(0, 16)}…`);
    }
  });
});
