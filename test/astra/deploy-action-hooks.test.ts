/**
 * Capstan's extension of Astra hooks to deploy actions: a record written by startRecord (as an ACK trigger URL
 * writes one: type trigger, hook action `redeploy`, one restart step) runs the application's pre-redeploy hooks
 * before it writes anything and its post-redeploy hooks after the rollout, in the new pods. Real worker, loopback
 * Kubernetes API server, scripts run as real processes.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startRecord } from '../../src/app/records/start-record.ts';
import { workloadSerialKey, type DeployRecord } from '../../src/domain/deploy-record.ts';
import { deploymentManifest } from '../kube-api-server/index.ts';
import { NAMESPACE, astraWorld, b64, logLines, loggingScript, waitFor, type AstraWorld } from './astra-world.ts';

interface Run { hookName: string; stage: string; podName: string | null; containerName: string | null; state: string; recordId: string | null }

describe('execution hooks around deploy actions', () => {
  let w: AstraWorld;
  let log: string;
  const workload = { namespace: NAMESPACE, kind: 'Deployment' as const, name: 'payroll-api' };

  before(async () => {
    w = await astraWorld({ worker: true });
    log = join(w.dir, 'hooks.log');
    w.kube.apply(deploymentManifest({
      name: 'payroll-api', namespace: NAMESPACE, replicas: 2, labels: { 'app.kubernetes.io/instance': 'payroll', app: 'payroll-api' },
      containers: [{ name: 'api', image: 'registry.example/payroll/api:3' }],
    }));
    await w.kube.settle();
  });
  after(async () => { await w.close(); });

  async function hookFor(t: TestContext, hook: Record<string, unknown>, script = loggingScript(log)): Promise<void> {
    const source = await w.astra('POST', '/core/v1/hookSources', { type: 'application/astra-hookSource', version: '1.0', name: `src-${String(hook.name)}`, sourceType: 'script', source: b64(script) });
    const res = await w.astra('POST', '/core/v1/executionHooks', { type: 'application/astra-executionHook', version: '1.3', hookType: 'custom', appID: w.appId, hookSourceID: source.json().id, ...hook });
    assert.equal(res.statusCode, 201, res.body);
    t.after(async () => {
      await w.astra('DELETE', `/core/v1/executionHooks/${res.json().id}`);
      await w.astra('DELETE', `/core/v1/hookSources/${source.json().id}`);
    });
  }

  /** What an ACK trigger URL call writes: a `trigger` record with one restart step, and its job. */
  async function redeploy(): Promise<{ record: DeployRecord; runs: Run[]; from: number }> {
    const from = w.kube.requests.length;
    const { record } = await w.t.deps.store.transaction((tx) => startRecord(w.t.deps, tx, {
      accountId: w.t.accountId, type: 'trigger', origin: 'trigger-url', hookAction: 'redeploy',
      plan: [{ type: 'restart', name: 'restart payroll-api', target: { clusterId: w.clusterId, workload } }],
      createdBy: null, timeoutMs: 60_000, serialKey: workloadSerialKey(w.clusterId, workload),
    }));
    const done = await waitFor('the record to finish', async () => {
      const current = await w.t.deps.store.records.get(w.t.accountId, record.id);
      return current && ['succeeded', 'failed', 'stopped'].includes(current.state) ? current : null;
    }, 30_000);
    const runs = await w.native('GET', `/api/v1/deploy-records/${record.id}/hook-runs`);
    assert.equal(runs.statusCode, 200, runs.body);
    return { record: done, runs: runs.json().items as Run[], from };
  }

  const podNames = () => w.kube.list('v1', 'Pod', NAMESPACE).map((p) => (p.metadata as { name: string }).name).filter((n) => n.startsWith('payroll-api-')).sort();

  test('a pre-redeploy hook runs before the restart is written, a post-redeploy hook after the rollout, in the new pods', async (t) => {
    await hookFor(t, { name: 'drain', action: 'redeploy', stage: 'pre', arguments: ['drain'], matchingCriteria: [{ type: 'containerName', value: '^api$' }] });
    await hookFor(t, { name: 'warm', action: 'redeploy', stage: 'post', arguments: ['warm'], matchingCriteria: [{ type: 'podLabel', value: '^app=payroll-api$' }] });
    await hookFor(t, { name: 'snapshot-only', action: 'snapshot', stage: 'pre', arguments: ['not-now'] });
    const oldPods = podNames();
    const before = logLines(log).length;

    const { record, runs, from } = await redeploy();
    assert.equal(record.state, 'succeeded', record.error ?? '');
    const newPods = podNames();
    assert.equal(newPods.length, 2);
    assert.ok(newPods.every((p) => !oldPods.includes(p)), 'the restart replaced the pods');

    assert.deepEqual(runs.map((r) => [r.hookName, r.stage, r.podName, r.state, r.recordId]), [
      ['drain', 'pre', oldPods[0], 'succeeded', record.id], ['drain', 'pre', oldPods[1], 'succeeded', record.id],
      ['warm', 'post', newPods[0], 'succeeded', record.id], ['warm', 'post', newPods[1], 'succeeded', record.id],
    ]);
    assert.deepEqual(logLines(log).slice(before), [`${oldPods[0]} api drain`, `${oldPods[1]} api drain`, `${newPods[0]} api warm`, `${newPods[1]} api warm`]);

    const requests = w.kube.requests.slice(from);
    const write = requests.findIndex((r) => r.method === 'PATCH' && r.path.endsWith('/deployments/payroll-api'));
    const execs = requests.map((r, i) => (r.path.endsWith('/exec') ? i : -1)).filter((i) => i >= 0);
    assert.ok(write > 0, 'the restart was written');
    assert.equal(execs.length, 4);
    assert.ok(execs[0]! < write && execs[1]! < write, 'both pre hooks ran before the restart was written');
    assert.ok(execs[2]! > write && execs[3]! > write, 'the post hooks ran after it');
  });

  test('a hard pre-redeploy failure fails the record before anything is written', async (t) => {
    await hookFor(t, { name: 'gate', action: 'redeploy', stage: 'pre', failureMode: 'hard', matchingCriteria: [{ type: 'containerName', value: '^api$' }] }, loggingScript(log, 'exit 9'));
    const template = JSON.stringify((w.kube.get('apps/v1', 'Deployment', NAMESPACE, 'payroll-api')?.spec as { template: unknown }).template);
    const { record, runs, from } = await redeploy();
    assert.equal(record.state, 'failed');
    assert.match(record.error ?? '', /pre hook failed.*gate.*exited with code 9/);
    assert.deepEqual(runs.map((r) => [r.hookName, r.state]), [['gate', 'failed'], ['gate', 'failed']]);
    assert.equal(w.kube.requests.slice(from).filter((r) => r.method === 'PATCH' || r.method === 'PUT').length, 0);
    assert.equal(JSON.stringify((w.kube.get('apps/v1', 'Deployment', NAMESPACE, 'payroll-api')?.spec as { template: unknown }).template), template);
  });

  test('a soft pre-redeploy failure is recorded and the restart goes on', async (t) => {
    await hookFor(t, { name: 'best-effort', action: 'redeploy', stage: 'pre', matchingCriteria: [{ type: 'containerName', value: '^api$' }] }, loggingScript(log, 'exit 2'));
    const { record, runs } = await redeploy();
    assert.equal(record.state, 'succeeded');
    assert.deepEqual(runs.map((r) => r.state), ['failed', 'failed']);
  });
});
