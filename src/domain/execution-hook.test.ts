import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareHooks, hookApplies, stageAllowed, type ExecutionHook, type ExecutionHookOverride } from './execution-hook.ts';

const hook = (overrides: Partial<ExecutionHook>): ExecutionHook => ({
  id: 'h1', accountId: 'a', name: 'payroll', hookType: 'custom', applicationId: 'app1', action: 'snapshot', stage: 'pre',
  matchingCriteria: [], hookSourceId: 's', arguments: [], enabled: true, description: '', failureMode: 'soft', timeoutMs: null,
  schemaVersion: '1.2', labels: [], createdBy: null, modifiedBy: null, createdAt: 1, updatedAt: 1, ...overrides,
});
const phase = { applicationId: 'app1', action: 'snapshot', stage: 'pre' as const };
const override = (enabled: boolean, applicationId = 'app1'): ExecutionHookOverride => ({
  id: 'o', accountId: 'a', applicationId, executionHookId: 'n1', enabled, labels: [], createdBy: null, modifiedBy: null, createdAt: 1, updatedAt: 1,
});

describe('execution hook rules', () => {
  test('restore and failover hooks run only post; the others pre and post', () => {
    for (const action of ['snapshot', 'backup', 'redeploy', 'update-image', 'deploy', 'rollback'] as const) {
      assert.equal(stageAllowed(action, 'pre'), true, action);
      assert.equal(stageAllowed(action, 'post'), true, action);
    }
    for (const action of ['restore', 'failover'] as const) {
      assert.equal(stageAllowed(action, 'pre'), false, action);
      assert.equal(stageAllowed(action, 'post'), true, action);
    }
  });

  test('a custom hook applies to its application, enabled, for its action and stage only', () => {
    assert.equal(hookApplies(hook({}), phase, []), true);
    assert.equal(hookApplies(hook({ enabled: false }), phase, []), false);
    assert.equal(hookApplies(hook({ applicationId: 'app2' }), phase, []), false);
    assert.equal(hookApplies(hook({ action: 'backup' }), phase, []), false);
    assert.equal(hookApplies(hook({ stage: 'post' }), phase, []), false);
  });

  test('a NetApp-provided hook applies to every application unless an override of that application switches it off', () => {
    const netapp = hook({ id: 'n1', hookType: 'netapp', applicationId: null });
    assert.equal(hookApplies(netapp, phase, []), true);
    assert.equal(hookApplies(netapp, phase, [override(false)]), false);
    assert.equal(hookApplies(netapp, phase, [override(true)]), true);
    assert.equal(hookApplies(netapp, phase, [override(false, 'app2')]), true);
  });

  test('same-stage hooks sort by name, then id', () => {
    const sorted = [hook({ id: '2', name: 'b' }), hook({ id: '9', name: 'a' }), hook({ id: '1', name: 'b' })].sort(compareHooks);
    assert.deepEqual(sorted.map((h) => `${h.name}/${h.id}`), ['a/9', 'b/1', 'b/2']);
  });
});
