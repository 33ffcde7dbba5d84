import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { finishRecord } from '../../src/app/records/finish-record.ts';
import { startRecord } from '../../src/app/records/start-record.ts';
import type { DeployStep } from '../../src/domain/deploy-record.ts';
import { metricValue } from '../helpers/metric-value.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';

const FINISHED = 'capstan_deploy_records_finished_total';
const STATES = ['succeeded', 'failed', 'stopped'];
const ORIGINS = ['api', 'pipeline', 'trigger-url', 'image-push'];

describe('/metrics counts deploy records reaching a final state', () => {
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

  const setImage = (image: string): DeployStep => ({
    type: 'set-image', name: `web ${image}`, target: { clusterId: 'loop', workload: { namespace: 'default', kind: 'Deployment', name: 'web' } }, container: 'web', image,
  });
  const start = (image: string, origin: 'api' | 'trigger-url') => t.deps.store.transaction(async (tx) => (await startRecord(t.deps, tx, {
    accountId: t.accountId, type: 'deploy', origin, hookAction: 'update-image', plan: [setImage(image)],
    createdBy: { tokenId: 'tok', name: 'ci' }, timeoutMs: 20_000, serialKey: 'workload/loop/default/Deployment/web',
  })).record.id);
  const settled = async (id: string) => {
    for (let i = 0; i < 500; i++) {
      const record = await t.deps.store.records.get(t.accountId, id);
      if (record && STATES.includes(record.state)) return record.state;
      await sleep(20);
    }
    assert.fail(`record ${id} did not finish`);
  };
  /** Every (state, origin) series of the counter, as /metrics serves it. */
  const finishedCounts = async () => {
    const res = await t.server.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    const counts: Record<string, number | undefined> = {};
    for (const state of STATES) for (const origin of ORIGINS) counts[`${state}/${origin}`] = metricValue(res.body, FINISHED, { state, origin });
    return { counts, body: res.body };
  };
  const movedBy = (before: Record<string, number | undefined>, after: Record<string, number | undefined>) =>
    Object.fromEntries(Object.keys(after).filter((k) => after[k] !== before[k]).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));

  test('the counter is served with HELP and zeroed series before any record finishes', async () => {
    const { counts, body } = await finishedCounts();
    assert.match(body, /^# HELP capstan_deploy_records_finished_total \S/m);
    assert.ok(Object.values(counts).every((v) => v === 0), JSON.stringify(counts));
    for (const name of ['capstan_notification_deliveries_total', 'capstan_image_trigger_firings_total', 'capstan_audit_write_failures_total']) {
      assert.match(body, new RegExp(`^# HELP ${name} \\S`, 'm'));
    }
  });

  test('a record the worker runs to success moves {state="succeeded",origin="trigger-url"} by exactly one', async () => {
    const before = (await finishedCounts()).counts;
    const id = await start('registry.example/web:2', 'trigger-url');
    assert.equal(await settled(id), 'succeeded');
    assert.deepEqual(movedBy(before, (await finishedCounts()).counts), { 'succeeded/trigger-url': 1 });
  });

  test('stopping a queued record over HTTP counts it once as stopped; stopping it again (409) counts nothing', async () => {
    kube.injectFault({ latencyMs: 800, count: 1, method: 'GET', pathPattern: /\/deployments\/web$/ });
    const running = await start('registry.example/web:3', 'api');
    const queued = await start('registry.example/web:4', 'api');
    const before = (await finishedCounts()).counts;
    const res = await t.server.inject({ method: 'POST', url: `/api/v1/deploy-records/${queued}/stop`, headers: t.admin });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().state, 'stopped');
    assert.deepEqual(movedBy(before, (await finishedCounts()).counts), { 'stopped/api': 1 });

    assert.equal(await settled(running), 'succeeded');
    const again = await t.server.inject({ method: 'POST', url: `/api/v1/deploy-records/${queued}/stop`, headers: t.admin });
    assert.equal(again.statusCode, 409);
    // The job of the stopped record finds it final and writes nothing: only the running record's success is added.
    await sleep(100);
    assert.deepEqual(movedBy(before, (await finishedCounts()).counts), { 'stopped/api': 1, 'succeeded/api': 1 });
  });
});

describe('a record finished twice (a lost race) is counted once', () => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(); });
  after(async () => { await t.close(); });

  test('only the write that made the record final counts', async () => {
    const record = await t.deps.store.transaction(async (tx) => (await startRecord(t.deps, tx, {
      accountId: t.accountId, type: 'deploy', origin: 'pipeline', hookAction: 'redeploy',
      plan: [{ type: 'restart', name: 'web', target: { clusterId: 'nowhere', workload: { namespace: 'default', kind: 'Deployment', name: 'web' } } }],
      createdBy: { tokenId: 'tok', name: 'ci' }, timeoutMs: 20_000, serialKey: 'workload/nowhere/default/Deployment/web',
    })).record);
    const count = async () => metricValue((await t.server.inject({ method: 'GET', url: '/metrics' })).body, FINISHED, { state: 'failed', origin: 'pipeline' });
    assert.equal(await count(), 0);
    assert.equal(await finishRecord(t.deps, record, record.steps, 'failed', 'first'), true);
    assert.equal(await finishRecord(t.deps, record, record.steps, 'failed', 'second'), false);
    assert.equal(await count(), 1);
  });
});
