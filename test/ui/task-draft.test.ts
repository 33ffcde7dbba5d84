/**
 * The web UI's deploy-task form model (web/src/lib/task-draft.ts) without a browser: `toDefinition` gives exactly
 * the API's step shapes (workload or application targets, `${param}` of host_group parameters, defaults left
 * out), and a definition read back with `fromDefinition` gives the same body again, so editing a task as JSON or
 * loading one into the form loses nothing the form knows.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TaskDefinitionInput } from '../../client/index.ts';
import {
  emptyDraft, fromDefinition, hostGroupNames, newParam, newStep, renameParam, stepTarget, toDefinition, type TaskDraft,
} from '../../web/src/lib/task-draft.ts';

const FULL: TaskDefinitionInput = {
  name: 'restart-app',
  description: 'Every shape the form builds',
  state: 'Draft',
  params: [
    { name: 'where', type: 'host_group', value: '', static: false, description: 'Chosen at start' },
    { name: 'cluster', type: 'host_group', value: 'loop', static: true },
    { name: 'env', type: 'enum', value: 'staging', static: false, limits: ['staging', 'production'] },
    { name: 'token', type: 'encrypt', value: '******', static: false },
  ],
  steps: [
    { name: 'restart app', type: 'restart', applicationId: '${where}' },
    { name: 'restart literal app', type: 'restart', applicationId: 'a1b2c3', waitRollout: false },
    { name: 'wait app', type: 'wait-rollout', applicationId: '${where}', timeoutSeconds: 60 },
    { name: 'wait workload', type: 'wait-rollout', clusterId: '${cluster}', namespace: 'default', kind: 'StatefulSet', workload: 'db', enabled: false },
    { name: 'restart workload', type: 'restart', clusterId: 'loop', namespace: 'shop', kind: 'DaemonSet', workload: 'agent' },
    { name: 'set image', type: 'set-image', clusterId: '${cluster}', namespace: 'default', kind: 'Deployment', workload: 'web', container: 'web', image: 'r/web:${env}' },
    { name: 'apply', type: 'apply', clusterId: '${cluster}', namespace: 'default', manifest: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' },
  ],
  triggerSource: '1',
  timeoutSeconds: 600,
};

describe('web UI task form model', () => {
  test('a definition read into the form comes back unchanged: application targets, ${param} references, flags, task fields', () => {
    const draft = fromDefinition(FULL, 'loop');
    assert.deepEqual(toDefinition(draft), FULL);
    assert.deepEqual(draft.steps.map(stepTarget), ['application', 'application', 'application', 'workload', 'workload', 'workload', 'workload']);
    assert.deepEqual(hostGroupNames(draft), ['where', 'cluster']);
    assert.equal(draft.params[0]!.type, 'host_group', 'host_group is a form parameter type, not turned into text');
  });

  test('an application step gets a namespace and the proposed cluster, so switching it to a workload needs only the workload', () => {
    const draft = fromDefinition({ name: 'x-task', steps: [{ name: 'r', type: 'restart', applicationId: 'app-1' }] }, 'loop');
    const step = draft.steps[0]!;
    const asWorkload: TaskDraft = { ...draft, steps: [{ ...step, target: 'workload', workload: 'web' }] };
    assert.deepEqual(toDefinition(asWorkload).steps, [{ name: 'r', type: 'restart', clusterId: 'loop', namespace: 'default', kind: 'Deployment', workload: 'web' }]);
  });

  test('only restart and wait-rollout take an application: a set-image or apply keeps its workload fields whatever the choice', () => {
    const base = { ...newStep('loop'), name: 's', target: 'application' as const, applicationId: 'app-1', workload: 'web', container: 'web', image: 'r/web:1' };
    const steps = toDefinition({ ...emptyDraft('loop'), name: 'x-task', steps: [base, { ...base, type: 'apply', manifest: 'm' }] }).steps;
    assert.deepEqual(steps, [
      { name: 's', type: 'set-image', clusterId: 'loop', namespace: 'default', kind: 'Deployment', workload: 'web', container: 'web', image: 'r/web:1' },
      { name: 's', type: 'apply', clusterId: 'loop', namespace: 'default', manifest: 'm' },
    ]);
  });

  test('an application target sends applicationId alone (the API refuses it combined with workload fields)', () => {
    const step = { ...newStep('loop'), name: 'r', type: 'wait-rollout' as const, target: 'application' as const, applicationId: ' ${where} ', workload: 'web' };
    assert.deepEqual(toDefinition({ ...emptyDraft('loop'), name: 'x-task', steps: [step] }).steps, [{ name: 'r', type: 'wait-rollout', applicationId: '${where}' }]);
  });

  test('renaming a host_group parameter carries the steps that refer to it along; other parameters do not', () => {
    const draft: TaskDraft = {
      ...emptyDraft('loop'),
      params: [{ ...newParam(), name: 'where', type: 'host_group' }, { ...newParam(), name: 'version' }],
      steps: [
        { ...newStep('${where}'), type: 'restart', target: 'application', applicationId: '${where}' },
        { ...newStep('loop'), image: 'r/web:${version}' },
      ],
    };
    const renamed = renameParam(draft, 0, 'target');
    assert.equal(renamed.params[0]!.name, 'target');
    assert.deepEqual(renamed.steps.map((s) => [s.clusterId, s.applicationId]), [['${target}', '${target}'], ['loop', '']]);
    const text = renameParam(draft, 1, 'tag');
    assert.equal(text.steps[1]!.image, 'r/web:${version}', 'text parameters in images are not rewritten');
    const cleared = renameParam(draft, 0, '');
    assert.equal(cleared.steps[0]!.applicationId, '${where}', 'an empty name is not a reference');
  });
});
