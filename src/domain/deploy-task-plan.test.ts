import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeployTask } from './deploy-task.ts';
import { targetRefs, taskPlan } from './deploy-task-plan.ts';
import { AppError } from './errors.ts';

const task: DeployTask = {
  id: 'a'.repeat(32), accountId: 'acc', projectId: 'p'.repeat(32), projectName: 'default', name: 'web', description: '', state: 'Available', templateId: null,
  params: [{ name: 'env', type: 'host_group', value: 'staging', description: '', static: false, limits: [] }],
  steps: [
    { type: 'apply', name: 'apply', enabled: true, clusterId: '${env}', namespace: 'shop', manifest: 'kind: X' },
    { type: 'set-image', name: 'image', enabled: true, target: { clusterId: 'prod', namespace: 'shop', kind: 'Deployment', workload: 'web' }, container: 'web', image: 'web:${tag}', waitRollout: false },
    { type: 'restart', name: 'off', enabled: false, target: { applicationId: 'app-1' }, waitRollout: true },
    { type: 'wait-rollout', name: 'wait', enabled: true, target: { applicationId: '${env}' }, timeoutSeconds: 90 },
  ],
  triggerRule: { triggerSource: '0', artifactSourceSystem: null, artifactType: null }, timeoutSeconds: 60, createdBy: null, createdAt: 1, updatedAt: 1,
};

test('enabled steps become the plan; host_group placeholders choose the target, others stay for the runner', () => {
  const plan = taskPlan(task, new Map([['env', 'eu-1']]));
  assert.deepEqual(plan, [
    { type: 'apply', name: 'apply', clusterId: 'eu-1', namespace: 'shop', manifest: 'kind: X' },
    { type: 'set-image', name: 'image', target: { clusterId: 'prod', workload: { namespace: 'shop', kind: 'Deployment', name: 'web' } }, container: 'web', image: 'web:${tag}', waitRollout: false },
    { type: 'wait-rollout', name: 'wait', target: { applicationId: 'eu-1' }, timeoutMs: 90_000 },
  ]);
});

test('targets list each cluster or application once, with the parameter that chose it', () => {
  assert.deepEqual(targetRefs(task, new Map([['env', 'eu-1']])), [
    { kind: 'cluster', id: 'eu-1', param: 'env' }, { kind: 'cluster', id: 'prod', param: null }, { kind: 'application', id: 'eu-1', param: 'env' },
  ]);
});

test('a host group without a value is PARAM_INVALID', () => {
  assert.throws(() => taskPlan(task, new Map([['env', '']])), (e: unknown) => e instanceof AppError && e.code === 'PARAM_INVALID' && /env/.test(e.detail));
});
