/**
 * Deploy records end to end: a record and its job are written, a real Worker runs the plan against the loopback
 * Kubernetes API server, and what happened is read back from the store and the cluster.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApplication } from '../../src/app/applications/save-application.ts';
import { DEPLOY_ID_ANNOTATION, RESTARTED_AT_ANNOTATION } from '../../src/app/ports/kube-gateway.ts';
import { deploymentManifest, statefulSetManifest, daemonSetManifest } from '../kube-api-server/index.ts';
import { annotations, CLUSTER, images, NS, recordsFixture, type RecordsFixture } from './deploy-records-fixture.ts';

describe('deploy records', () => {
  let f: RecordsFixture;
  before(async () => {
    f = await recordsFixture();
  });
  after(() => f.close());

  const replicaSets = (owner: string) => f.kube.list('apps/v1', 'ReplicaSet', NS)
    .filter((rs) => ((rs['metadata'] as { ownerReferences?: { name: string }[] }).ownerReferences ?? []).some((o) => o.name === owner));

  test('a restart record rolls the Deployment, records the change and succeeds', async () => {
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'web', image: 'registry.example/web:1' }));
    await f.kube.settle();
    const before = f.template('Deployment', 'web');
    const record = await f.start([{ type: 'restart', name: 'restart web', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'web') } }]);
    assert.equal(record.state, 'queued');

    const done = await f.settled(record.id);
    assert.equal(done.state, 'succeeded', done.error ?? '');
    assert.equal(done.error, null);
    assert.ok(done.startedAt !== null && done.finishedAt !== null && done.finishedAt >= done.startedAt);
    const step = done.steps[0];
    assert.equal(step?.state, 'succeeded');
    assert.equal(step?.workloads.length, 1);
    assert.equal(step?.workloads[0]?.state, 'succeeded');
    assert.equal(step?.workloads[0]?.desired, 2);
    assert.match(step?.workloads[0]?.message ?? '', /successfully rolled out/);

    const live = annotations(f.template('Deployment', 'web'));
    assert.equal(live[DEPLOY_ID_ANNOTATION], `${record.id}-0`);
    assert.match(live[RESTARTED_AT_ANNOTATION] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(replicaSets('web').length, 2, 'the restart made a new ReplicaSet');

    const changes = await f.deps.store.records.changes(record.id);
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0]?.workload, f.ref('Deployment', 'web'));
    assert.equal(changes[0]?.clusterId, CLUSTER);
    assert.deepEqual(changes[0]?.before, before);
    assert.equal(annotations(changes[0]?.after ?? {})[DEPLOY_ID_ANNOTATION], `${record.id}-0`);
  });

  test('a set-image record fills ${param} placeholders and sets the image', async () => {
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'api', containers: [{ name: 'api', image: 'registry.example/api:1' }, { name: 'side', image: 'side:1' }] }));
    await f.kube.settle();
    const record = await f.start(
      [{ type: 'set-image', name: 'api image', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'api') }, container: 'api', image: 'registry.example/api:${tag}' }],
      { params: [{ key: 'tag', type: 'text', value: '2' }] },
    );
    const done = await f.settled(record.id);
    assert.equal(done.state, 'succeeded', done.error ?? '');
    assert.deepEqual(images(f.template('Deployment', 'api')), { api: 'registry.example/api:2', side: 'side:1' });
    const [change] = await f.deps.store.records.changes(record.id);
    assert.deepEqual(images(change?.before ?? {}), { api: 'registry.example/api:1', side: 'side:1' });
    assert.deepEqual(images(change?.after ?? {}), { api: 'registry.example/api:2', side: 'side:1' });
  });

  test('an image change on a workload Argo CD tracks succeeds with a warning that the next sync may revert it; a restart has none (K19)', async () => {
    const manifest = deploymentManifest({ namespace: NS, name: 'argo-web', containers: [{ name: 'web', image: 'registry.example/web:1' }] });
    (manifest['metadata'] as Record<string, unknown>)['annotations'] = { 'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:shop/argo-web' };
    f.kube.apply(manifest);
    await f.kube.settle();
    const target = { clusterId: CLUSTER, workload: f.ref('Deployment', 'argo-web') };
    const changed = await f.settled((await f.start([{ type: 'set-image', name: 'image', target, container: 'web', image: 'registry.example/web:2' }])).id);
    assert.equal(changed.state, 'succeeded', changed.error ?? '');
    const [workload] = changed.steps[0]?.workloads ?? [];
    assert.equal(workload?.state, 'succeeded');
    assert.match(workload?.message ?? '', /successfully rolled out/, 'rollout progress went on after the warning');
    assert.equal(workload?.warning, 'Managed by Argo CD (Application shop): its next sync may put the previous image back. Make the change in Git as well.');
    const restarted = await f.settled((await f.start([{ type: 'restart', name: 'restart', target }])).id);
    assert.equal(restarted.state, 'succeeded', restarted.error ?? '');
    assert.equal(restarted.steps[0]?.workloads[0]?.warning, undefined);
  });

  test('an application target restarts every Deployment, StatefulSet and DaemonSet it selects, and only those', async () => {
    const labels = { 'app.kubernetes.io/instance': 'shop' };
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'shop-web', labels: { ...labels, tier: 'web' } }));
    f.kube.apply(statefulSetManifest({ namespace: NS, name: 'shop-db', labels: { ...labels, tier: 'db' } }));
    f.kube.apply(daemonSetManifest({ namespace: NS, name: 'shop-agent', labels: { ...labels, tier: 'agent' } }));
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'unrelated', labels: { 'app.kubernetes.io/instance': 'other' } }));
    await f.kube.settle();
    const app = await createApplication(f.deps, { accountId: f.accountId, name: 'shop', clusterId: CLUSTER, namespace: NS });
    const record = await f.start([{ type: 'restart', name: 'restart shop', target: { applicationId: app.id } }]);
    const done = await f.settled(record.id);
    assert.equal(done.state, 'succeeded', done.error ?? '');
    const touched = (await f.deps.store.records.changes(record.id)).map((c) => `${c.workload.kind}/${c.workload.name}`).sort();
    assert.deepEqual(touched, ['DaemonSet/shop-agent', 'Deployment/shop-web', 'StatefulSet/shop-db']);
    assert.deepEqual(done.steps[0]?.workloads.map((w) => [w.workload.name, w.state]).sort(), [['shop-agent', 'succeeded'], ['shop-db', 'succeeded'], ['shop-web', 'succeeded']]);
    for (const [kind, name] of [['Deployment', 'shop-web'], ['StatefulSet', 'shop-db'], ['DaemonSet', 'shop-agent']] as const) {
      assert.equal(annotations(f.template(kind, name))[DEPLOY_ID_ANNOTATION], `${record.id}-0`, name);
    }
    assert.equal(annotations(f.template('Deployment', 'unrelated'))[DEPLOY_ID_ANNOTATION], undefined);
  });

  test('a rollout that exceeds its progress deadline fails the step and the record, naming both', async () => {
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'flaky', image: 'registry.example/flaky:1' }));
    await f.kube.settle();
    const record = await f.start([
      { type: 'set-image', name: 'ship flaky', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'flaky') }, container: 'flaky', image: 'registry.example/fail:2' },
      { type: 'restart', name: 'never', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'flaky') } },
    ]);
    const done = await f.settled(record.id);
    assert.equal(done.state, 'failed');
    assert.match(done.error ?? '', /^Step 1 "ship flaky" failed: Deployment shop\/flaky: deployment "flaky" exceeded its progress deadline \(ProgressDeadlineExceeded\)/);
    assert.deepEqual(done.steps.map((s) => s.state), ['failed', 'skipped']);
    assert.equal(done.steps[0]?.workloads[0]?.state, 'failed');
    assert.equal((await f.deps.store.records.changes(record.id)).length, 1, 'the write happened and is recorded, so it can be rolled back');
  });

  test("the record's own deadline fails a rollout that has no progress deadline (StatefulSet)", async () => {
    f.kube.apply(statefulSetManifest({ namespace: NS, name: 'stuck', image: 'registry.example/stuck:1' }));
    await f.kube.settle();
    const record = await f.start(
      [{ type: 'set-image', name: 'ship stuck', target: { clusterId: CLUSTER, workload: f.ref('StatefulSet', 'stuck') }, container: 'stuck', image: 'registry.example/fail:1' }],
      { timeoutMs: 1_500 },
    );
    const done = await f.settled(record.id);
    assert.equal(done.state, 'failed');
    assert.match(done.error ?? '', /Step 1 "ship stuck" failed: StatefulSet shop\/stuck: StatefulSet shop\/stuck did not finish rolling out by the record's deadline/);
  });

  test('a missing container fails the step at once without retries', async () => {
    const record = await f.start([{ type: 'set-image', name: 'bad', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'web') }, container: 'nope', image: 'x:1' }]);
    const done = await f.settled(record.id);
    assert.equal(done.state, 'failed');
    assert.match(done.error ?? '', /Step 1 "bad" failed: .*Container "nope" not found in Deployment shop\/web; it has: web/);
    const jobs = await f.deps.store.jobs.list(f.accountId, { kind: 'deploy.run', limit: 50 });
    const job = jobs.find((j) => (j.payload as { recordId: string }).recordId === record.id);
    assert.equal(job?.state, 'succeeded');
    assert.equal(job?.attempts, 1);
  });

  test('a placeholder that names no parameter fails the step', async () => {
    const record = await f.start([{ type: 'set-image', name: 'typo', target: { clusterId: CLUSTER, workload: f.ref('Deployment', 'web') }, container: 'web', image: 'web:${tga}' }]);
    const done = await f.settled(record.id);
    assert.equal(done.state, 'failed');
    assert.match(done.error ?? '', /uses \$\{tga\}, but the record has no parameter "tga"/);
  });
});
