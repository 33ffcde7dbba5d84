/**
 * Execution hooks around a CodeArts task whose only write is an `apply` step: the Deployments, StatefulSets and
 * DaemonSets of the (filled) manifest decide which applications' `deploy` hooks run — the live workload's labels,
 * or for a workload the apply creates, the labels the manifest declares. Task created over the native API, started
 * over CodeArts' StartDeployTask; real worker, loopback Kubernetes API server, hook scripts as real processes.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { DeployRecord } from '../../src/domain/deploy-record.ts';
import { NO_CONTAINERS_MATCHED } from '../../src/domain/hook-run.ts';
import { deploymentManifest } from '../kube-api-server/index.ts';
import { NAMESPACE, astraWorld, b64, logLines, loggingScript, waitFor, type AstraWorld } from './astra-world.ts';

interface Run { hookName: string; stage: string; podName: string | null; state: string; message: string | null; applicationId: string }

const PAYROLL_LABELS = { 'app.kubernetes.io/instance': 'payroll', app: 'payroll-api' };

describe('execution hooks around an apply step', () => {
  let w: AstraWorld;
  let log: string;
  let ledgerAppId: string;

  before(async () => {
    w = await astraWorld({ worker: true });
    log = join(w.dir, 'hooks.log');
    w.kube.apply(deploymentManifest({
      name: 'payroll-api', namespace: NAMESPACE, replicas: 2, labels: PAYROLL_LABELS, containers: [{ name: 'api', image: 'registry.example/payroll/api:3' }],
    }));
    await w.kube.settle();
    // An application nothing runs yet: the first apply creates its only workload.
    const ledger = await w.native('POST', '/api/v1/applications', { name: 'ledger', clusterId: w.clusterId, namespace: NAMESPACE, selector: 'app.kubernetes.io/instance=ledger' });
    assert.equal(ledger.statusCode, 201, ledger.body);
    ledgerAppId = ledger.json().id;
  });
  after(async () => { await w.close(); });

  async function hookFor(t: TestContext, appId: string, hook: Record<string, unknown>): Promise<void> {
    const source = await w.astra('POST', '/core/v1/hookSources', { type: 'application/astra-hookSource', version: '1.0', name: `src-${String(hook.name)}`, sourceType: 'script', source: b64(loggingScript(log)) });
    assert.equal(source.statusCode, 201, source.body);
    const res = await w.astra('POST', '/core/v1/executionHooks', { type: 'application/astra-executionHook', version: '1.3', hookType: 'custom', appID: appId, hookSourceID: source.json().id, ...hook });
    assert.equal(res.statusCode, 201, res.body);
    t.after(async () => {
      await w.astra('DELETE', `/core/v1/executionHooks/${res.json().id}`);
      await w.astra('DELETE', `/core/v1/hookSources/${source.json().id}`);
    });
  }

  /** Creates a task with one apply step, starts it as a pipeline would (CodeArts StartDeployTask), waits for the end. */
  async function runApplyTask(name: string, manifest: string, params: { name: string; value: string }[]): Promise<{ record: DeployRecord; runs: Run[]; from: number }> {
    const task = await w.native('POST', '/api/v1/deploy-tasks', {
      name, params: params.map((p) => ({ ...p, type: 'text' })),
      steps: [{ name: `apply ${name}`, type: 'apply', clusterId: w.clusterId, namespace: NAMESPACE, manifest }],
    });
    assert.equal(task.statusCode, 201, task.body);
    const from = w.kube.requests.length;
    const started = await w.t.server.inject({
      method: 'POST', url: `/v2/tasks/${task.json().id}/start`, headers: { 'x-auth-token': w.t.admin.authorization.slice('Bearer '.length) },
      payload: { params: params.map((p) => ({ key: p.name, value: p.value, type: 'text' })) },
    });
    assert.equal(started.statusCode, 200, started.body);
    const recordId = started.json().id as string;
    const record = await waitFor('the record to finish', async () => {
      const current = await w.t.deps.store.records.get(w.t.accountId, recordId);
      return current && ['succeeded', 'failed', 'stopped'].includes(current.state) ? current : null;
    }, 30_000);
    assert.equal(record.hookAction, 'deploy');
    const runs = await w.native('GET', `/api/v1/deploy-records/${record.id}/hook-runs`);
    assert.equal(runs.statusCode, 200, runs.body);
    return { record, runs: runs.json().items as Run[], from };
  }

  const applyIndex = (from: number, workload: string) =>
    w.kube.requests.slice(from).findIndex((r) => r.method === 'PATCH' && r.path.endsWith(`/deployments/${workload}`));
  const execIndexes = (from: number) => w.kube.requests.slice(from).map((r, i) => (r.path.endsWith('/exec') ? i : -1)).filter((i) => i >= 0);
  const payrollPods = () => w.kube.list('v1', 'Pod', NAMESPACE).map((p) => (p.metadata as { name: string }).name).filter((n) => n.startsWith('payroll-api-')).sort();

  test('applying an existing workload runs its application\'s pre-deploy hooks before the apply and post-deploy hooks after it', async (t) => {
    await hookFor(t, w.appId, { name: 'drain', action: 'deploy', stage: 'pre', arguments: ['drain'], matchingCriteria: [{ type: 'containerName', value: '^api$' }] });
    await hookFor(t, w.appId, { name: 'warm', action: 'deploy', stage: 'post', arguments: ['warm'], matchingCriteria: [{ type: 'containerName', value: '^api$' }] });
    await hookFor(t, w.appId, { name: 'redeploy-only', action: 'redeploy', stage: 'pre', arguments: ['not-now'] });
    const oldPods = payrollPods();
    assert.equal(oldPods.length, 2);
    const manifest = stringify(deploymentManifest({
      name: 'payroll-api', namespace: NAMESPACE, replicas: 2, labels: PAYROLL_LABELS, containers: [{ name: 'api', image: '${image}' }],
    }));
    const before = logLines(log).length;

    const { record, runs, from } = await runApplyTask('payroll-release', manifest, [{ name: 'image', value: 'registry.example/payroll/api:4' }]);
    assert.equal(record.state, 'succeeded', record.error ?? '');
    const live = w.kube.get('apps/v1', 'Deployment', NAMESPACE, 'payroll-api') as { spec: { template: { spec: { containers: { image: string }[] } } } };
    assert.equal(live.spec.template.spec.containers[0]?.image, 'registry.example/payroll/api:4');

    const pre = runs.filter((r) => r.stage === 'pre');
    const post = runs.filter((r) => r.stage === 'post');
    assert.deepEqual(pre.map((r) => [r.hookName, r.podName, r.state]), [['drain', oldPods[0], 'succeeded'], ['drain', oldPods[1], 'succeeded']]);
    assert.ok(post.length > 0 && post.every((r) => r.hookName === 'warm' && r.state === 'succeeded'), JSON.stringify(post));
    // The apply step does not wait, but the post hooks do: they run once the rollout is done, in the new pods only.
    assert.ok(post.every((r) => r.podName !== null && !oldPods.includes(r.podName)), `post hooks ran in old pods: ${JSON.stringify(post)}`);
    assert.deepEqual(logLines(log).slice(before, before + 2), [`${oldPods[0]} api drain`, `${oldPods[1]} api drain`]);

    const write = applyIndex(from, 'payroll-api');
    const execs = execIndexes(from);
    assert.ok(write > 0, 'the manifest was applied');
    assert.equal(execs.length, runs.length);
    assert.ok(execs.slice(0, 2).every((i) => i < write), 'the pre hooks ran before the apply');
    assert.ok(execs.slice(2).every((i) => i > write), 'the post hooks ran after it');
  });

  test('a workload the apply creates selects its application by the manifest\'s labels; with no pods yet, the pre hook is an explicit no-match run', async (t) => {
    await hookFor(t, ledgerAppId, { name: 'ledger-gate', action: 'deploy', stage: 'pre', arguments: ['gate'] });
    await hookFor(t, w.appId, { name: 'payroll-gate', action: 'deploy', stage: 'pre', arguments: ['gate'] });
    assert.equal(w.kube.get('apps/v1', 'Deployment', NAMESPACE, 'ledger-api'), undefined);
    const manifest = [
      'apiVersion: apps/v1', 'kind: Deployment',
      'metadata: {name: ledger-api, labels: {app.kubernetes.io/instance: "${instance}", app: ledger-api}}',
      'spec:', '  replicas: 1', '  selector: {matchLabels: {app: ledger-api}}',
      '  template:', '    metadata: {labels: {app: ledger-api}}', '    spec: {containers: [{name: api, image: registry.example/ledger/api:1}]}',
    ].join('\n');

    const { record, runs, from } = await runApplyTask('ledger-release', manifest, [{ name: 'instance', value: 'ledger' }]);
    assert.equal(record.state, 'succeeded', record.error ?? '');
    assert.ok(w.kube.get('apps/v1', 'Deployment', NAMESPACE, 'ledger-api'), 'the apply created it');
    assert.deepEqual(runs.map((r) => [r.hookName, r.stage, r.applicationId, r.podName, r.state, r.message]), [
      ['ledger-gate', 'pre', ledgerAppId, null, 'skipped', NO_CONTAINERS_MATCHED],
    ], 'only the application the manifest selects; payroll\'s hook does not run');
    assert.equal(execIndexes(from).length, 0);
  });

  test('a workload that no application selects, live or declared, runs no hooks', async (t) => {
    await hookFor(t, w.appId, { name: 'payroll-only', action: 'deploy', stage: 'pre', arguments: ['gate'] });
    await hookFor(t, ledgerAppId, { name: 'ledger-only', action: 'deploy', stage: 'post', arguments: ['gate'] });
    const manifest = stringify(deploymentManifest({ name: 'stray', namespace: NAMESPACE, replicas: 1, labels: { app: 'stray' } }));
    const { record, runs, from } = await runApplyTask('stray-release', manifest, []);
    assert.equal(record.state, 'succeeded', record.error ?? '');
    assert.deepEqual(runs, []);
    assert.ok(applyIndex(from, 'stray') >= 0);
    assert.equal(execIndexes(from).length, 0);
  });
});
