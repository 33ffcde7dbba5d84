import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../domain/errors.ts';
import { DEPLOY_ID_ANNOTATION, type WorkloadRef } from '../../app/ports/kube-gateway.ts';
import { planSetImage } from './set-image.ts';

const ref: WorkloadRef = { namespace: 'shop', kind: 'Deployment', name: 'web' };
const obj = (deployId?: string) => ({
  metadata: { name: 'web', resourceVersion: '7', generation: 2 },
  spec: {
    template: {
      metadata: { annotations: deployId ? { [DEPLOY_ID_ANNOTATION]: deployId } : {} },
      spec: {
        initContainers: [{ name: 'migrate', image: 'migrate:1' }],
        containers: [{ name: 'api', image: 'api:1' }, { name: 'sidecar', image: 'proxy:1' }],
      },
    },
  },
});

describe('planSetImage', () => {
  test('patches the named container by name, with the deploy id and resourceVersion', () => {
    const plan = planSetImage(ref, obj(), 'api', 'api:2', 'd-1');
    assert.deepEqual(plan.patch?.body, {
      metadata: { resourceVersion: '7' },
      spec: { template: {
        metadata: { annotations: { [DEPLOY_ID_ANNOTATION]: 'd-1' } },
        spec: { containers: [{ name: 'api', image: 'api:2' }] },
      } },
    });
    const result = plan.result(obj(), true);
    assert.deepEqual([result.changed, result.previousImage, result.image, result.initContainer], [true, 'api:1', 'api:2', false]);
  });

  test('patches an init container in the initContainers list', () => {
    const plan = planSetImage(ref, obj(), 'migrate', 'migrate:2', 'd-1');
    assert.deepEqual((plan.patch?.body as { spec: { template: { spec: unknown } } }).spec.template.spec,
      { initContainers: [{ name: 'migrate', image: 'migrate:2' }] });
    assert.equal(plan.result(obj(), true).initContainer, true);
  });

  test('an unknown container is CONTAINER_NOT_FOUND naming the containers that exist', () => {
    assert.throws(() => planSetImage(ref, obj(), 'nope', 'x:1', 'd-1'), (e: unknown) =>
      e instanceof AppError && e.code === 'CONTAINER_NOT_FOUND'
      && e.detail.includes('migrate (init)') && e.detail.includes('api') && e.detail.includes('sidecar'));
  });

  test('the same image is a no-op with changed false', () => {
    const plan = planSetImage(ref, obj(), 'api', 'api:1', 'd-1');
    assert.equal(plan.patch, null);
    assert.equal(plan.result(obj(), false).changed, false);
  });

  test('the same image already written by this deploy reports changed (Q6 resume)', () => {
    const plan = planSetImage(ref, obj('d-1'), 'api', 'api:1', 'd-1');
    assert.equal(plan.patch, null);
    assert.equal(plan.result(obj('d-1'), false).changed, true);
  });
});
