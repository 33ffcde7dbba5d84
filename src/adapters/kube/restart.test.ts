import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../domain/errors.ts';
import { DEPLOY_ID_ANNOTATION, RESTARTED_AT_ANNOTATION, type WorkloadRef } from '../../app/ports/kube-gateway.ts';
import { planRestart, rfc3339Seconds } from './restart.ts';

const ref: WorkloadRef = { namespace: 'shop', kind: 'Deployment', name: 'web' };
const deployment = (extra: { paused?: boolean; deployId?: string } = {}) => ({
  metadata: { name: 'web', namespace: 'shop', resourceVersion: '41', generation: 3 },
  spec: {
    ...(extra.paused === undefined ? {} : { paused: extra.paused }),
    template: {
      metadata: { labels: { app: 'web' }, annotations: extra.deployId ? { [DEPLOY_ID_ANNOTATION]: extra.deployId } : {} },
      spec: { containers: [{ name: 'api', image: 'api:1' }] },
    },
  },
});

describe('planRestart', () => {
  test('patches restartedAt and the deploy id with the read resourceVersion as precondition', () => {
    const plan = planRestart(ref, deployment(), 'd-1', new Date('2026-05-01T08:00:00.123Z'));
    assert.equal(plan.patch?.contentType, 'application/strategic-merge-patch+json');
    assert.deepEqual(plan.patch?.body, {
      metadata: { resourceVersion: '41' },
      spec: { template: { metadata: { annotations: {
        [RESTARTED_AT_ANNOTATION]: '2026-05-01T08:00:00Z',
        [DEPLOY_ID_ANNOTATION]: 'd-1',
      } } } },
    });
  });

  test('two restarts in the same second still produce different templates', () => {
    const now = new Date('2026-05-01T08:00:00Z');
    const first = planRestart(ref, deployment(), 'd-1', now).patch?.body;
    const second = planRestart(ref, deployment({ deployId: 'd-1' }), 'd-2', now).patch?.body;
    assert.notDeepEqual(first, second);
  });

  test('refuses a paused Deployment with WORKLOAD_PAUSED', () => {
    assert.throws(() => planRestart(ref, deployment({ paused: true }), 'd-1', new Date()),
      (e: unknown) => e instanceof AppError && e.code === 'WORKLOAD_PAUSED');
  });

  test('does not refuse StatefulSets, which have no paused field', () => {
    assert.notEqual(planRestart({ ...ref, kind: 'StatefulSet' }, deployment({ paused: true }), 'd-1', new Date()).patch, null);
  });

  test('sends nothing and reports changed when this deploy already restarted it (Q6 resume)', () => {
    const plan = planRestart(ref, deployment({ deployId: 'd-1' }), 'd-1', new Date());
    assert.equal(plan.patch, null);
    assert.equal(plan.result(deployment({ deployId: 'd-1' }), false).changed, true);
  });

  test('formats time like Go RFC3339 at second precision', () => {
    assert.equal(rfc3339Seconds(new Date('2026-01-02T03:04:05.999Z')), '2026-01-02T03:04:05Z');
  });
});
