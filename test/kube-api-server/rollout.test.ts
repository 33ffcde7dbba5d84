import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, DEPLOYMENTS, type Loose } from './api-client.ts';
import { daemonSetManifest, deploymentManifest, startKubeApiServer, statefulSetManifest, type KubeApiServer } from './index.ts';

const SMP = 'application/strategic-merge-patch+json';
let server: KubeApiServer;
before(async () => {
  // 600 s progress deadline × 0.001 = 0.6 s, so a failing rollout ends quickly.
  server = await startKubeApiServer({ rolloutStepMs: 5, progressDeadlineScale: 0.001 });
});
after(() => server.close());

const get = (kind: string, name: string): Loose => server.get(kind === 'Pod' ? 'v1' : 'apps/v1', kind, 'default', name);
const owned = (kind: string, prefix: string): Loose[] => server.list(kind === 'Pod' ? 'v1' : 'apps/v1', kind, 'default').filter((o: Loose) => o.metadata.name.startsWith(`${prefix}-`));
const setImage = (path: string, container: string, image: string) => call(server, 'PATCH', path, { spec: { template: { spec: { containers: [{ name: container, image }] } } } }, SMP);

/** kubectl rollout status for Deployments (rule K8), in its order of checks. */
function deploymentVerdict(d: Loose): string {
  const s = d.status ?? {};
  if (d.metadata.generation > (s.observedGeneration ?? 0)) return 'waiting';
  if ((s.conditions ?? []).some((c: Loose) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded')) return 'failed';
  if ((s.updatedReplicas ?? 0) < d.spec.replicas) return 'waiting';
  if ((s.replicas ?? 0) > (s.updatedReplicas ?? 0)) return 'waiting';
  if ((s.availableReplicas ?? 0) < (s.updatedReplicas ?? 0)) return 'waiting';
  return 'done';
}

describe('deployment controller', () => {
  test('a template change rolls out through a new ReplicaSet with the next revision until kubectl would say done', async () => {
    await call(server, 'POST', DEPLOYMENTS, deploymentManifest({ name: 'roll', replicas: 3, image: 'app:1' }));
    await server.settle();
    assert.equal(deploymentVerdict(get('Deployment', 'roll')), 'done');
    const patched = await setImage(`${DEPLOYMENTS}/roll`, 'roll', 'app:2');
    assert.equal(deploymentVerdict(patched.body), 'waiting', 'generation not yet observed');
    await server.settle();
    const d = get('Deployment', 'roll');
    assert.equal(deploymentVerdict(d), 'done');
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '2');
    assert.deepEqual(
      { replicas: d.status.replicas, updated: d.status.updatedReplicas, ready: d.status.readyReplicas, available: d.status.availableReplicas, observed: d.status.observedGeneration },
      { replicas: 3, updated: 3, ready: 3, available: 3, observed: 2 },
    );
    assert.equal(d.status.conditions.find((c: Loose) => c.type === 'Progressing').reason, 'NewReplicaSetAvailable');
    assert.equal(d.status.conditions.find((c: Loose) => c.type === 'Available').status, 'True');
    const sets = owned('ReplicaSet', 'roll').sort((a, b) => a.metadata.annotations['deployment.kubernetes.io/revision'] - b.metadata.annotations['deployment.kubernetes.io/revision']);
    assert.deepEqual(sets.map((rs) => [rs.metadata.annotations['deployment.kubernetes.io/revision'], rs.spec.replicas]), [['1', 0], ['2', 3]]);
    const hash = sets[1].metadata.labels['pod-template-hash'];
    const pods = owned('Pod', 'roll');
    assert.equal(pods.length, 3);
    for (const pod of pods) {
      assert.equal(pod.metadata.labels['pod-template-hash'], hash);
      assert.deepEqual(pod.metadata.ownerReferences.map((r: Loose) => [r.kind, r.name, r.controller]), [['ReplicaSet', sets[1].metadata.name, true]]);
      assert.equal(pod.spec.containers[0].image, 'app:2');
    }
  });

  test('a rollout whose image never becomes ready ends in ProgressDeadlineExceeded and keeps the old pods', async () => {
    await call(server, 'POST', DEPLOYMENTS, deploymentManifest({ name: 'stuck', replicas: 2, image: 'app:1' }));
    await server.settle();
    await setImage(`${DEPLOYMENTS}/stuck`, 'stuck', 'registry.example/app:fail');
    await server.settle(5000);
    const d = get('Deployment', 'stuck');
    assert.equal(deploymentVerdict(d), 'failed');
    const progressing = d.status.conditions.find((c: Loose) => c.type === 'Progressing');
    assert.deepEqual([progressing.status, progressing.reason], ['False', 'ProgressDeadlineExceeded']);
    assert.equal(d.status.availableReplicas, 2);
    const newPods = owned('Pod', 'stuck').filter((p) => p.spec.containers[0].image.endsWith(':fail'));
    assert.ok(newPods.length >= 1);
    assert.equal(newPods[0].status.containerStatuses[0].state.waiting.reason, 'ImagePullBackOff');
  });

  test('Recreate scales the old ReplicaSet to zero before the new one starts', async () => {
    const body = deploymentManifest({ name: 'recreate', replicas: 2, image: 'app:1' }) as Loose;
    body.spec.strategy = { type: 'Recreate' };
    await call(server, 'POST', DEPLOYMENTS, body);
    await server.settle();
    const seen: number[][] = [];
    const stop = setInterval(() => seen.push(owned('ReplicaSet', 'recreate').map((rs) => rs.status?.replicas ?? 0)), 1);
    await setImage(`${DEPLOYMENTS}/recreate`, 'recreate', 'app:2');
    await server.settle();
    clearInterval(stop);
    assert.ok(seen.every((counts) => counts.filter((n) => n > 0).length <= 1), 'never two ReplicaSets with pods at once');
    assert.equal(deploymentVerdict(get('Deployment', 'recreate')), 'done');
  });

  test('a paused deployment does not roll until resumed', async () => {
    await call(server, 'POST', DEPLOYMENTS, deploymentManifest({ name: 'paused', replicas: 1, image: 'app:1', paused: true }));
    await server.settle();
    assert.equal(owned('ReplicaSet', 'paused').length, 0);
    await call(server, 'PATCH', `${DEPLOYMENTS}/paused`, { spec: { paused: false } }, 'application/merge-patch+json');
    await server.settle();
    await call(server, 'PATCH', `${DEPLOYMENTS}/paused`, { spec: { paused: true, template: { spec: { containers: [{ name: 'paused', image: 'app:2' }] } } } }, SMP);
    await server.settle();
    const d = get('Deployment', 'paused');
    assert.equal(d.status.observedGeneration, d.metadata.generation);
    assert.equal(d.status.conditions.find((c: Loose) => c.type === 'Progressing').reason, 'DeploymentPaused');
    assert.deepEqual(owned('Pod', 'paused').map((p) => p.spec.containers[0].image), ['app:1']);
  });

  test('restoring an old template with kubectl undo\'s JSON patch re-uses its ReplicaSet with a new revision', async () => {
    const [oldRS] = owned('ReplicaSet', 'roll').filter((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision'] === '1');
    const template = structuredClone(oldRS.spec.template);
    delete template.metadata.labels['pod-template-hash'];
    await call(server, 'PATCH', `${DEPLOYMENTS}/roll`, [{ op: 'replace', path: '/spec/template', value: template }], 'application/json-patch+json');
    await server.settle();
    const d = get('Deployment', 'roll');
    assert.equal(deploymentVerdict(d), 'done');
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '3');
    const sets = owned('ReplicaSet', 'roll');
    assert.equal(sets.length, 2);
    const reused = sets.find((rs) => rs.metadata.name === oldRS.metadata.name);
    assert.equal(reused.metadata.annotations['deployment.kubernetes.io/revision'], '3');
    assert.equal(reused.spec.replicas, 3);
  });
});

describe('statefulset controller', () => {
  const path = '/apis/apps/v1/namespaces/default/statefulsets';

  test('RollingUpdate replaces every pod and reports the revisions kubectl reads', async () => {
    await call(server, 'POST', path, statefulSetManifest({ name: 'db', replicas: 3, image: 'db:1' }));
    await server.settle();
    assert.deepEqual(owned('Pod', 'db').map((p) => p.metadata.name), ['db-0', 'db-1', 'db-2']);
    const before = get('StatefulSet', 'db').status;
    await setImage(`${path}/db`, 'db', 'db:2');
    await server.settle();
    const s = get('StatefulSet', 'db');
    assert.notEqual(s.status.updateRevision, before.updateRevision);
    assert.equal(s.status.currentRevision, s.status.updateRevision);
    assert.deepEqual([s.status.observedGeneration, s.status.readyReplicas, s.status.updatedReplicas, s.status.availableReplicas], [2, 3, 3, 3]);
    for (const pod of owned('Pod', 'db')) {
      assert.equal(pod.spec.containers[0].image, 'db:2');
      assert.equal(pod.metadata.labels['controller-revision-hash'], s.status.updateRevision);
    }
    assert.equal(owned('ControllerRevision', 'db').length, 2);
  });

  test('a partition keeps lower ordinals on the current revision', async () => {
    await call(server, 'PATCH', `${path}/db`, { spec: { updateStrategy: { rollingUpdate: { partition: 2 } } } }, SMP);
    await setImage(`${path}/db`, 'db', 'db:3');
    await server.settle();
    assert.deepEqual(owned('Pod', 'db').map((p) => p.spec.containers[0].image), ['db:2', 'db:2', 'db:3']);
    const s = get('StatefulSet', 'db').status;
    assert.equal(s.updatedReplicas, 1);
    assert.notEqual(s.currentRevision, s.updateRevision);
  });

  test('OnDelete leaves pods alone; a pod deleted by hand comes back at the update revision', async () => {
    const sts = statefulSetManifest({ name: 'od', replicas: 2, image: 'od:1' }) as Loose;
    sts.spec.updateStrategy = { type: 'OnDelete' };
    await call(server, 'POST', path, sts);
    await server.settle();
    await setImage(`${path}/od`, 'od', 'od:2');
    await server.settle();
    assert.deepEqual(owned('Pod', 'od').map((p) => p.spec.containers[0].image), ['od:1', 'od:1']);
    await call(server, 'DELETE', '/api/v1/namespaces/default/pods/od-1');
    await server.settle();
    assert.deepEqual(owned('Pod', 'od').map((p) => p.spec.containers[0].image), ['od:1', 'od:2']);
  });
});

describe('daemonset controller', () => {
  const path = '/apis/apps/v1/namespaces/default/daemonsets';

  test('runs one pod per node and rolls them to a new template', async () => {
    await call(server, 'POST', path, daemonSetManifest({ name: 'agent', image: 'agent:1' }));
    await server.settle();
    assert.deepEqual(owned('Pod', 'agent').map((p) => p.spec.nodeName).sort(), ['node-1', 'node-2']);
    await setImage(`${path}/agent`, 'agent', 'agent:2');
    await server.settle();
    const ds = get('DaemonSet', 'agent');
    assert.deepEqual(
      [ds.status.observedGeneration, ds.status.desiredNumberScheduled, ds.status.updatedNumberScheduled, ds.status.numberAvailable, ds.status.numberReady],
      [2, 2, 2, 2, 2],
    );
    assert.deepEqual(owned('Pod', 'agent').map((p) => p.spec.containers[0].image), ['agent:2', 'agent:2']);
  });

  test('OnDelete keeps the old pods', async () => {
    const ds = daemonSetManifest({ name: 'keep', image: 'k:1' }) as Loose;
    ds.spec.updateStrategy = { type: 'OnDelete' };
    await call(server, 'POST', path, ds);
    await server.settle();
    await setImage(`${path}/keep`, 'keep', 'k:2');
    await server.settle();
    assert.deepEqual(owned('Pod', 'keep').map((p) => p.spec.containers[0].image), ['k:1', 'k:1']);
    assert.equal(get('DaemonSet', 'keep').status.updatedNumberScheduled, undefined, 'zero is omitted like omitempty');
  });
});
