import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RolloutStatus } from '../../app/ports/kube-gateway.ts';
import { rolloutStatusOf } from './rollout-status.ts';

// The cases of kubectl's rollout_status_test.go (kubernetes/kubectl pkg/polymorphichelpers), plus the
// ProgressDeadlineExceeded and OnDelete branches; messages are kubectl's without the trailing newline.

type Case = { name: string; obj: Record<string, unknown>; state: RolloutStatus['state']; message: string; reason?: string };

const deployment = (generation: number, specReplicas: number, status: Record<string, unknown>) => ({
  metadata: { name: 'foo', namespace: 'bar', generation },
  spec: { replicas: specReplicas },
  status,
});

describe('Deployment rollout status (kubectl DeploymentStatusViewer)', () => {
  const cases: Case[] = [
    {
      name: 'waits while fewer new replicas than desired are updated',
      obj: deployment(0, 1, { observedGeneration: 1, replicas: 1, updatedReplicas: 0, availableReplicas: 1 }),
      state: 'progressing',
      message: 'Waiting for deployment "foo" rollout to finish: 0 out of 1 new replicas have been updated...',
    },
    {
      name: 'waits while old replicas are pending termination',
      obj: deployment(1, 1, { observedGeneration: 1, replicas: 2, updatedReplicas: 1, availableReplicas: 2 }),
      state: 'progressing',
      message: 'Waiting for deployment "foo" rollout to finish: 1 old replicas are pending termination...',
    },
    {
      name: 'waits while updated replicas are not all available',
      obj: deployment(1, 2, { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 1 }),
      state: 'progressing',
      message: 'Waiting for deployment "foo" rollout to finish: 1 of 2 updated replicas are available...',
    },
    {
      name: 'is done when every replica is updated and available',
      obj: deployment(1, 2, { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 }),
      state: 'done',
      message: 'deployment "foo" successfully rolled out',
    },
    {
      name: 'waits for the spec update to be observed before anything else',
      obj: deployment(2, 2, { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 }),
      state: 'progressing',
      message: 'Waiting for deployment spec update to be observed...',
    },
    {
      name: 'fails on ProgressDeadlineExceeded once the generation is observed',
      obj: deployment(3, 2, {
        observedGeneration: 3, replicas: 3, updatedReplicas: 1, availableReplicas: 2,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      }),
      state: 'failed',
      message: 'deployment "foo" exceeded its progress deadline',
      reason: 'ProgressDeadlineExceeded',
    },
    {
      name: 'does not report an old ProgressDeadlineExceeded for a spec not yet observed',
      obj: deployment(4, 2, {
        observedGeneration: 3,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      }),
      state: 'progressing',
      message: 'Waiting for deployment spec update to be observed...',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const status = rolloutStatusOf('Deployment', c.obj);
      assert.deepEqual([status.state, status.message, status.reason], [c.state, c.message, c.reason ?? null]);
    });
  }

  test('reports desired, updated, ready and available counts', () => {
    const status = rolloutStatusOf('Deployment', deployment(1, 3, {
      observedGeneration: 1, replicas: 3, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1,
    }));
    assert.deepEqual([status.desired, status.updated, status.ready, status.available], [3, 2, 1, 1]);
  });
});

const daemonSet = (generation: number, status: Record<string, unknown>, type = 'RollingUpdate') => ({
  metadata: { name: 'foo', namespace: 'bar', generation },
  spec: { updateStrategy: { type } },
  status,
});

describe('DaemonSet rollout status (kubectl DaemonSetStatusViewer)', () => {
  const cases: Case[] = [
    {
      name: 'waits while fewer pods than desired are updated',
      obj: daemonSet(0, { observedGeneration: 1, updatedNumberScheduled: 0, desiredNumberScheduled: 1, numberAvailable: 0 }),
      state: 'progressing',
      message: 'Waiting for daemon set "foo" rollout to finish: 0 out of 1 new pods have been updated...',
    },
    {
      name: 'waits while updated pods are not all available',
      obj: daemonSet(1, { observedGeneration: 1, updatedNumberScheduled: 2, desiredNumberScheduled: 2, numberAvailable: 1 }),
      state: 'progressing',
      message: 'Waiting for daemon set "foo" rollout to finish: 1 of 2 updated pods are available...',
    },
    {
      name: 'is done when every desired pod is updated and available',
      obj: daemonSet(1, { observedGeneration: 1, updatedNumberScheduled: 2, desiredNumberScheduled: 2, numberAvailable: 2 }),
      state: 'done',
      message: 'daemon set "foo" successfully rolled out',
    },
    {
      name: 'waits for the spec update to be observed',
      obj: daemonSet(2, { observedGeneration: 1, updatedNumberScheduled: 2, desiredNumberScheduled: 2, numberAvailable: 2 }),
      state: 'progressing',
      message: 'Waiting for daemon set spec update to be observed...',
    },
    {
      name: 'fails at once for the OnDelete strategy instead of waiting forever (K11)',
      obj: daemonSet(1, {}, 'OnDelete'),
      state: 'failed',
      message: 'rollout status is only available for RollingUpdate strategy type',
      reason: 'RolloutStatusUnavailable',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const status = rolloutStatusOf('DaemonSet', c.obj);
      assert.deepEqual([status.state, status.message, status.reason], [c.state, c.message, c.reason ?? null]);
    });
  }
});

const statefulSet = (generation: number, strategy: Record<string, unknown>, status: Record<string, unknown>) => ({
  metadata: { name: 'foo', namespace: 'default', generation },
  spec: { replicas: 3, updateStrategy: strategy },
  status,
});

describe('StatefulSet rollout status (kubectl StatefulSetStatusViewer)', () => {
  const rolling = { type: 'RollingUpdate' };
  const partitioned = { type: 'RollingUpdate', rollingUpdate: { partition: 2 } };
  const cases: Case[] = [
    {
      name: 'fails for the OnDelete strategy (K11)',
      obj: statefulSet(1, { type: 'OnDelete' }, { observedGeneration: 1, readyReplicas: 1 }),
      state: 'failed',
      message: 'rollout status is only available for RollingUpdate strategy type',
      reason: 'RolloutStatusUnavailable',
    },
    {
      name: 'waits for an unobserved update',
      obj: statefulSet(2, rolling, { observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3 }),
      state: 'progressing',
      message: 'Waiting for statefulset spec update to be observed...',
    },
    {
      name: 'waits while observedGeneration is still zero',
      obj: statefulSet(0, rolling, { replicas: 3, readyReplicas: 3 }),
      state: 'progressing',
      message: 'Waiting for statefulset spec update to be observed...',
    },
    {
      name: 'waits while not all pods are ready',
      obj: statefulSet(1, rolling, { observedGeneration: 2, replicas: 3, readyReplicas: 2, currentReplicas: 3 }),
      state: 'progressing',
      message: 'Waiting for 1 pods to be ready...',
    },
    {
      name: 'completes a partitioned update when all replicas above the partition are updated',
      obj: statefulSet(1, partitioned, { observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 2, updatedReplicas: 1 }),
      state: 'done',
      message: 'partitioned roll out complete: 1 new pods have been updated...',
    },
    {
      name: 'waits for a partitioned update while replicas above the partition are not updated',
      obj: statefulSet(1, partitioned, { observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 0 }),
      state: 'progressing',
      message: 'Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated...',
    },
    {
      name: 'waits while the update revision differs from the current one (no rollingUpdate block)',
      obj: statefulSet(1, rolling, {
        observedGeneration: 1, replicas: 3, readyReplicas: 3, updatedReplicas: 1, currentRevision: 'a', updateRevision: 'b',
      }),
      state: 'progressing',
      message: 'waiting for statefulset rolling update to complete 1 pods at revision b...',
    },
    {
      name: 'is done when all replicas are at the current revision',
      obj: statefulSet(1, rolling, {
        observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3,
        currentRevision: 'foo', updateRevision: 'foo',
      }),
      state: 'done',
      message: 'statefulset rolling update complete 3 pods at revision foo...',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const status = rolloutStatusOf('StatefulSet', c.obj);
      assert.deepEqual([status.state, status.message, status.reason], [c.state, c.message, c.reason ?? null]);
    });
  }
});
