import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../domain/errors.ts';
import { DEPLOY_ID_ANNOTATION, type WorkloadRef } from '../../app/ports/kube-gateway.ts';
import { planRestore, snapshotOf } from './templates.ts';

const ref: WorkloadRef = { namespace: 'shop', kind: 'Deployment', name: 'web' };
const template = (image: string, deployId?: string) => ({
  metadata: { labels: { app: 'web' }, ...(deployId ? { annotations: { [DEPLOY_ID_ANNOTATION]: deployId } } : {}) },
  spec: { containers: [{ name: 'api', image, futureField: { kept: true } }] },
});
const workload = (tpl: Record<string, unknown>, paused = false) => ({
  metadata: { name: 'web', resourceVersion: '12', generation: 5 },
  spec: { paused, template: tpl },
});

describe('snapshotOf', () => {
  test('keeps the template exactly, including fields unknown to client-node models', () => {
    const snap = snapshotOf(ref, workload(template('api:1')));
    assert.deepEqual(snap.template, template('api:1'));
    assert.deepEqual([snap.resourceVersion, snap.generation], ['12', 5]);
  });
});

describe('planRestore', () => {
  test('replaces the whole template by JSON Patch with a resourceVersion precondition', () => {
    const plan = planRestore(ref, workload(template('api:2', 'd-0')), template('api:1'), 'd-9');
    assert.equal(plan.patch?.contentType, 'application/json-patch+json');
    assert.deepEqual(plan.patch?.body, [
      { op: 'replace', path: '/metadata/resourceVersion', value: '12' },
      { op: 'replace', path: '/spec/template', value: template('api:1', 'd-9') },
    ]);
  });

  test('writes nothing when the live template already matches apart from the deploy id', () => {
    const plan = planRestore(ref, workload(template('api:1', 'other')), template('api:1', 'd-0'), 'd-9');
    assert.equal(plan.patch, null);
    assert.equal(plan.result(workload(template('api:1')), false).changed, false);
  });

  test('reports changed without writing when this deploy already restored it', () => {
    const plan = planRestore(ref, workload(template('api:1', 'd-9')), template('api:1'), 'd-9');
    assert.equal(plan.patch, null);
    assert.equal(plan.result(workload(template('api:1')), false).changed, true);
  });

  test('refuses a paused Deployment like kubectl rollout undo', () => {
    assert.throws(() => planRestore(ref, workload(template('api:2'), true), template('api:1'), 'd-9'),
      (e: unknown) => e instanceof AppError && e.code === 'WORKLOAD_PAUSED');
  });

  test('rejects a recorded template without containers', () => {
    assert.throws(() => planRestore(ref, workload(template('api:2')), { spec: {} }, 'd-9'),
      (e: unknown) => e instanceof AppError && e.code === 'PARAM_INVALID');
  });
});
