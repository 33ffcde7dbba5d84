/**
 * Deploy records under control: stop (between steps and during a rollout), rollback to a record, hooks around a
 * record, one run at a time per task, and server-side-applied manifests with parameters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApplication } from '../../src/app/applications/save-application.ts';
import { DEPLOY_ID_ANNOTATION } from '../../src/app/ports/kube-gateway.ts';
import type { HookPhaseRequest, HookPhaseRunner } from '../../src/app/records/hook-phase.ts';
import { rollbackRecord } from '../../src/app/records/rollback-record.ts';
import { stopRecord } from '../../src/app/records/stop-record.ts';
import { AppError } from '../../src/domain/errors.ts';
import { deploymentManifest, statefulSetManifest } from '../kube-api-server/index.ts';
import { annotations, CLUSTER, images, NS, recordsFixture, type RecordsFixture } from './deploy-records-fixture.ts';

const hookCalls: HookPhaseRequest[] = [];
let hardFailPre = false;
const hooks: HookPhaseRunner = async (request) => {
  hookCalls.push(request);
  return { runs: 1, failed: 0, hardFailure: hardFailPre && request.stage === 'pre' ? 'hook "drain" exited 3 in shop/web-0 (web)' : null };
};

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(() => assert.fail(`expected ${code}`), (e: unknown) => e);
  assert.ok(error instanceof AppError, String(error));
  assert.equal(error.code, code, error.detail);
  return error;
}

describe('deploy records under control', () => {
  let f: RecordsFixture;
  before(async () => {
    f = await recordsFixture({ hooks });
  });
  after(() => f.close());

  const patchesTo = (name: string) => f.kube.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/deployments/${name}`));

  test('a stop asked for during a write takes effect between steps: the next step never runs', async () => {
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'first' }));
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'second' }));
    await f.kube.settle();
    f.kube.injectFault({ latencyMs: 800, count: 1, method: 'PATCH', pathPattern: /\/deployments\/first$/ });
    const record = await f.start([
      { type: 'restart', name: 'restart first', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'first') }, waitRollout: false },
      { type: 'restart', name: 'restart second', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'second') }, waitRollout: false },
    ]);
    while (patchesTo('first').length === 0) await sleep(5);
    const asked = await stopRecord(f.deps, f.accountId, record.id);
    assert.equal(asked.state, 'running');
    assert.equal(asked.stopRequested, true);

    const done = await f.settled(record.id);
    assert.equal(done.state, 'stopped');
    assert.deepEqual(done.steps.map((s) => s.state), ['succeeded', 'stopped']);
    assert.equal(done.error, 'Stopped by request before step 2 "restart second".');
    assert.equal(annotations(f.template('Deployment', 'first'))[DEPLOY_ID_ANNOTATION], `${record.id}-0`);
    assert.equal(annotations(f.template('Deployment', 'second'))[DEPLOY_ID_ANNOTATION], undefined);
    assert.equal(patchesTo('second').length, 0);
    await rejectsWith(stopRecord(f.deps, f.accountId, record.id), 'RECORD_FINISHED');
  });

  test('a stop during a long rollout ends the wait within about a second', async () => {
    f.kube.apply(statefulSetManifest({ namespace: NS, name: 'slow', image: 'registry.example/slow:1' }));
    await f.kube.settle();
    const record = await f.start([
      { type: 'set-image', name: 'ship slow', target: { clusterId: CLUSTER, workload: f.ref('StatefulSet', 'slow') }, container: 'slow', image: 'registry.example/fail:9' },
    ]);
    while ((await f.deps.store.records.changes(record.id)).length === 0) await sleep(10);
    await stopRecord(f.deps, f.accountId, record.id);
    const done = await f.settled(record.id, 5_000);
    assert.equal(done.state, 'stopped');
    assert.equal(done.steps[0]?.state, 'stopped');
    assert.equal(done.steps[0]?.workloads[0]?.state, 'stopped');
    assert.equal(done.error, 'Stopped by request during step 1 "ship slow".');
  });

  test('a queued record stops at once and its job then does nothing; unknown records are RECORD_NOT_FOUND', async () => {
    f.kube.injectFault({ latencyMs: 1_000, count: 1, method: 'GET', pathPattern: /\/deployments\/gate$/ });
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'gate' }));
    await f.kube.settle();
    const serialKey = 'test/one-at-a-time';
    const blocker = await f.start([{ type: 'restart', name: 'r', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'gate') }, waitRollout: false }], { serialKey });
    const queued = await f.start([{ type: 'restart', name: 'r', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'gate') } }], { serialKey });
    const stopped = await stopRecord(f.deps, f.accountId, queued.id);
    assert.equal(stopped.state, 'stopped');
    assert.equal(stopped.error, 'Stopped by request before it started.');
    assert.deepEqual(stopped.steps.map((s) => s.state), ['stopped']);
    assert.equal((await f.settled(blocker.id)).state, 'succeeded');
    await sleep(100);
    assert.equal((await f.deps.store.records.get(f.accountId, queued.id))?.state, 'stopped');
    assert.deepEqual(await f.deps.store.records.changes(queued.id), []);
    await rejectsWith(stopRecord(f.deps, f.accountId, 'f'.repeat(32)), 'RECORD_NOT_FOUND');
  });

  test('rollback to a record restores the template it left behind, as a new rollback record', async () => {
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'cart', image: 'registry.example/cart:1' }));
    await f.kube.settle();
    const target = { clusterId: CLUSTER, workload: f.ref('Deployment', 'cart') };
    const v2 = await f.start([{ type: 'set-image', name: 'v2', target, container: 'cart', image: 'registry.example/cart:2' }], { taskId: 'task-cart', serialKey: 'task/task-cart' });
    assert.equal((await f.settled(v2.id)).state, 'succeeded');
    const v3 = await f.start([{ type: 'set-image', name: 'v3', target, container: 'cart', image: 'registry.example/cart:3' }], { taskId: 'task-cart', serialKey: 'task/task-cart' });
    assert.equal((await f.settled(v3.id)).state, 'succeeded');
    assert.equal(images(f.template('Deployment', 'cart'))['cart'], 'registry.example/cart:3');

    const { record: rollback, created } = await rollbackRecord(f.deps, { accountId: f.accountId, recordId: v2.id, createdBy: { tokenId: 't', name: 'ops' } });
    assert.equal(created, true);
    assert.equal(rollback.type, 'rollback');
    assert.equal(rollback.rollbackOfRecordId, v2.id);
    assert.equal(rollback.taskId, 'task-cart');
    assert.equal(rollback.releaseId, 3);
    assert.equal(rollback.hookAction, 'rollback');
    assert.deepEqual(rollback.plan.map((s) => s.type), ['restore']);
    const done = await f.settled(rollback.id);
    assert.equal(done.state, 'succeeded', done.error ?? '');
    assert.equal(images(f.template('Deployment', 'cart'))['cart'], 'registry.example/cart:2');
    assert.equal(annotations(f.template('Deployment', 'cart'))[DEPLOY_ID_ANNOTATION], `${rollback.id}-0`);
    const [change] = await f.deps.store.records.changes(rollback.id);
    assert.equal(images(change?.before ?? {})['cart'], 'registry.example/cart:3');
    assert.equal(images(change?.after ?? {})['cart'], 'registry.example/cart:2');

    // The rollback is itself a record: rolling back to v3 undoes it.
    const again = (await rollbackRecord(f.deps, { accountId: f.accountId, recordId: v3.id, taskId: 'task-cart', createdBy: null })).record;
    assert.equal((await f.settled(again.id)).state, 'succeeded');
    assert.equal(images(f.template('Deployment', 'cart'))['cart'], 'registry.example/cart:3');
    await rejectsWith(rollbackRecord(f.deps, { accountId: f.accountId, recordId: v3.id, taskId: 'other-task', createdBy: null }), 'RECORD_NOT_FOUND');
  });

  test('rollback is refused for a record that changed nothing, and for one still running', async () => {
    const failed = await f.start([{ type: 'restart', name: 'x', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'does-not-exist') } }]);
    assert.equal((await f.settled(failed.id)).state, 'failed');
    await rejectsWith(rollbackRecord(f.deps, { accountId: f.accountId, recordId: failed.id, createdBy: null }), 'RECORD_NOT_ROLLBACKABLE');
    f.kube.injectFault({ latencyMs: 600, count: 1, method: 'GET', pathPattern: /\/deployments\/cart$/ });
    const running = await f.start([{ type: 'restart', name: 'x', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'cart') } }]);
    await rejectsWith(rollbackRecord(f.deps, { accountId: f.accountId, recordId: running.id, createdBy: null }), 'DEPLOY_IN_PROGRESS');
    await f.settled(running.id);
  });

  test('one run at a time per task: a second start while one is active is DEPLOY_IN_PROGRESS', async () => {
    f.kube.injectFault({ latencyMs: 600, count: 1, method: 'GET', pathPattern: /\/deployments\/cart$/ });
    const plan = [{ type: 'restart' as const, name: 'r', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'cart') } }];
    const first = await f.start(plan, { taskId: 'task-once', serialKey: 'task/task-once' });
    await rejectsWith(f.start(plan, { taskId: 'task-once', serialKey: 'task/task-once' }), 'DEPLOY_IN_PROGRESS');
    assert.equal((await f.settled(first.id)).state, 'succeeded');
    const next = await f.start(plan, { taskId: 'task-once', serialKey: 'task/task-once' });
    assert.equal(next.releaseId, 2);
    await f.settled(next.id);
  });

  test('hooks of the applications that select a targeted workload run pre and post with the record\'s action', async () => {
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'hooked', labels: { 'app.kubernetes.io/instance': 'hooked' } }));
    await f.kube.settle();
    const app = await createApplication(f.deps, { accountId: f.accountId, name: 'hooked', clusterId: CLUSTER, namespace: NS });
    await createApplication(f.deps, { accountId: f.accountId, name: 'elsewhere', clusterId: CLUSTER, namespace: NS, selector: 'tier=none' });
    hookCalls.length = 0;
    const record = await f.start([{ type: 'restart', name: 'r', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'hooked') } }], { hookAction: 'redeploy' });
    assert.equal((await f.settled(record.id)).state, 'succeeded');
    assert.deepEqual(hookCalls.map((c) => [c.stage, c.action, c.recordId, c.operationId, c.applicationIds]), [
      ['pre', 'redeploy', record.id, null, [app.id]],
      ['post', 'redeploy', record.id, null, [app.id]],
    ]);

    hardFailPre = true;
    try {
      const blocked = await f.start([{ type: 'restart', name: 'r', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'hooked') } }]);
      const done = await f.settled(blocked.id);
      assert.equal(done.state, 'failed');
      assert.equal(done.error, 'A pre hook failed, so nothing was changed: hook "drain" exited 3 in shop/web-0 (web)');
      assert.deepEqual(done.steps.map((s) => s.state), ['skipped']);
      assert.equal(annotations(f.template('Deployment', 'hooked'))[DEPLOY_ID_ANNOTATION], `${record.id}-0`, 'not written again');
    } finally {
      hardFailPre = false;
    }
  });

  test('a paused Deployment fails the restart step with the reason', async () => {
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'paused', paused: true }));
    const record = await f.start([{ type: 'restart', name: 'r', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'paused') } }]);
    const done = await f.settled(record.id);
    assert.equal(done.state, 'failed');
    assert.match(done.error ?? '', /Can't restart paused deployment shop\/paused/);
  });

  test('an apply step server-side applies a manifest with parameters, sealed ones opened only to apply', async () => {
    const manifest = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: applied
  labels: { app: applied }
spec:
  replicas: \${replicas}
  selector: { matchLabels: { app: applied } }
  template:
    metadata: { labels: { app: applied } }
    spec:
      containers:
        - name: applied
          image: registry.example/applied:\${tag}
          env:
            - { name: TOKEN, value: "\${token}" }
            - { name: LITERAL, value: "$\${kept}" }
`;
    const sealed = f.deps.secrets.seal('s3cr3t');
    const params = [
      { key: 'tag', type: 'text' as const, value: '1' },
      { key: 'replicas', type: 'text' as const, value: '3' },
      { key: 'token', type: 'encrypt' as const, value: sealed },
    ];
    const step = { type: 'apply' as const, name: 'apply applied', clusterId: CLUSTER, namespace: NS, manifest, waitRollout: true };
    const first = await f.start([step], { params });
    const done = await f.settled(first.id);
    assert.equal(done.state, 'succeeded', done.error ?? '');
    assert.equal(done.steps[0]?.message, 'Deployment shop/applied created');
    const live = f.kube.get('apps/v1', 'Deployment', NS, 'applied') as { metadata: { annotations: Record<string, string> }; spec: { replicas: number; template: Record<string, unknown> } };
    assert.equal(live.spec.replicas, 3);
    assert.equal(live.metadata.annotations[DEPLOY_ID_ANNOTATION], `${first.id}-0`);
    assert.equal(annotations(live.spec.template)[DEPLOY_ID_ANNOTATION], undefined, 'an apply does not force a rollout');
    const container = (live.spec.template['spec'] as { containers: { image: string; env: { name: string; value: string }[] }[] }).containers[0];
    assert.equal(container?.image, 'registry.example/applied:1');
    assert.deepEqual(container?.env, [{ name: 'TOKEN', value: 's3cr3t' }, { name: 'LITERAL', value: '${kept}' }]);
    const stored = await f.deps.store.records.get(f.accountId, first.id);
    assert.equal(stored?.params.find((p) => p.key === 'token')?.value, sealed, 'the record keeps the sealed value');
    const [created] = await f.deps.store.records.changes(first.id);
    assert.deepEqual(created?.before, {}, 'the workload did not exist before');

    const second = await f.start([step], { params: [{ ...params[0]!, value: '2' }, params[1]!, params[2]!] });
    const again = await f.settled(second.id);
    assert.equal(again.state, 'succeeded', again.error ?? '');
    assert.equal(again.steps[0]?.message, 'Deployment shop/applied configured');
    const [changed] = await f.deps.store.records.changes(second.id);
    assert.equal(images(changed?.before ?? {})['applied'], 'registry.example/applied:1');
    assert.equal(images(changed?.after ?? {})['applied'], 'registry.example/applied:2');

    // Without force, fields another manager set (here: a kubectl-style set-image) fail the step, naming them.
    await f.deps.kube.connect(f.kube.kubeconfig).setImage(f.ref('Deployment', 'applied'), 'applied', 'registry.example/applied:hotfix', 'by-hand');
    const polite = await f.start([{ ...step, force: false }], { params: [{ ...params[0]!, value: '3' }, params[1]!, params[2]!] });
    const conflicted = await f.settled(polite.id);
    assert.equal(conflicted.state, 'failed');
    assert.match(conflicted.error ?? '', /^Step 1 "apply applied" failed: Server-side apply of Deployment shop\/applied conflicts with fields other managers own: conflict with "capstan" using apps\/v1: \.spec\.template\.spec\.containers\[name="applied"\]\.image/);
    const job = (await f.deps.store.jobs.list(f.accountId, { kind: 'deploy.run', limit: 5 })).find((j) => (j.payload as { recordId: string }).recordId === polite.id);
    assert.equal(job?.attempts, 1, 'an ownership conflict is not retried');

    // A secret the API server quotes back in a validation error is masked in the record.
    const leaky = `apiVersion: apps/v1
kind: Deployment
metadata: { name: leaky }
spec:
  selector: { matchLabels: { app: leaky } }
  template:
    metadata: { labels: { app: "\${token}" } }
    spec: { containers: [{ name: leaky, image: registry.example/leaky:1 }] }
`;
    const masked = await f.settled((await f.start([{ ...step, manifest: leaky }], { params })).id);
    assert.equal(masked.state, 'failed');
    assert.match(masked.error ?? '', /rejected the manifest of Deployment shop\/leaky as invalid.*\*\*\*\*\*\*/);
    assert.ok(!JSON.stringify(masked).includes('s3cr3t'), masked.error ?? '');

    const elsewhere = await f.start([{ ...step, manifest: manifest.replace('name: applied\n', 'name: applied\n  namespace: other\n') }], { params });
    const refused = await f.settled(elsewhere.id);
    assert.equal(refused.state, 'failed');
    assert.match(refused.error ?? '', /names namespace "other", but the step deploys to "shop"/);
  });
});
