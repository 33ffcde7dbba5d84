import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.ts';
import type { Trigger } from './trigger.ts';
import { parseImageOverrides, triggerRun } from './trigger-plan.ts';

const base: Trigger = {
  id: 't-1', accountId: 'a', clusterId: 'c1', ackId: 1, name: 'n', type: 'deployment', namespace: 'default', targetName: 'web',
  applicationId: null, action: 'redeploy', jti: 'j', requireSignature: false, rateLimitPerMinute: null, createdBy: null, lastRedeployRecordId: null, createdAt: 0, updatedAt: 0,
};
const appTrigger: Trigger = { ...base, type: 'application', targetName: 'shop', applicationId: 'app-1' };

const ackBody = (containers: object[], name = 'demo') =>
  ({ resource: { deployment: { metadata: { name }, spec: { template: { spec: { containers } } } } } });

test('a deployment trigger restarts its Deployment, serialized per workload, coalescing per trigger', () => {
  assert.deepEqual(triggerRun(base, []), {
    plan: [{ type: 'restart', name: 'restart deployment default/web', target: { clusterId: 'c1', workload: { namespace: 'default', kind: 'Deployment', name: 'web' } } }],
    hookAction: 'redeploy',
    serialKey: 'workload/c1/default/Deployment/web',
    coalesce: true,
  });
});

test('an application trigger restarts the application; with overrides it sets images and never coalesces', () => {
  assert.deepEqual(triggerRun(appTrigger, []), {
    plan: [{ type: 'restart', name: 'restart application shop', target: { applicationId: 'app-1' } }],
    hookAction: 'redeploy', serialKey: 'application/app-1', coalesce: true,
  });
  const run = triggerRun(appTrigger, [{ deployment: 'demo', container: 'demo', image: 'registry.example/demo:green' }]);
  assert.deepEqual(run, {
    plan: [{ type: 'set-image', name: 'set image demo/demo', target: { clusterId: 'c1', workload: { namespace: 'default', kind: 'Deployment', name: 'demo' } }, container: 'demo', image: 'registry.example/demo:green' }],
    hookAction: 'update-image', serialKey: 'application/app-1', coalesce: false,
  });
});

test('the ACK image-override body is read field by field', () => {
  assert.deepEqual(parseImageOverrides(undefined), []);
  assert.deepEqual(parseImageOverrides(ackBody([{ name: 'demo', image: 'registry.cn-hangzhou.aliyuncs.com/acs/rollouts-demo:green' }])),
    [{ deployment: 'demo', container: 'demo', image: 'registry.cn-hangzhou.aliyuncs.com/acs/rollouts-demo:green' }]);
  const digest = `registry.example:5000/team/app:V1.2_rc@sha256:${'a'.repeat(64)}`;
  assert.deepEqual(parseImageOverrides({ resource: { deployment: [ackBody([{ name: 'a', image: digest }], 'x').resource.deployment, ackBody([{ name: 'b', image: 'nginx' }], 'y').resource.deployment] } }),
    [{ deployment: 'x', container: 'a', image: digest }, { deployment: 'y', container: 'b', image: 'nginx' }]);
});

test('a bad image-override body is refused with the failing pointer', () => {
  const cases: [unknown, string][] = [
    [[], '/body'],
    [{}, '/body/resource'],
    [{ resource: { statefulset: {} } }, '/body/resource/deployment'],
    [{ resource: { deployment: { metadata: {} } } }, '/body/resource/deployment/metadata/name'],
    [ackBody([]), '/body/resource/deployment/spec/template/spec/containers'],
    [ackBody([{ name: 'demo' }]), '/body/resource/deployment/spec/template/spec/containers/0/image'],
    [ackBody([{ name: 'demo', image: 'registry/app:${param}' }]), '/body/resource/deployment/spec/template/spec/containers/0/image'],
    [ackBody([{ name: 'demo', image: 'app with space' }]), '/body/resource/deployment/spec/template/spec/containers/0/image'],
    [ackBody([{ name: 'Demo', image: 'app' }]), '/body/resource/deployment/spec/template/spec/containers/0/name'],
    [ackBody([{ name: 'demo', image: 'a' }, { name: 'demo', image: 'b' }]), '/body/resource/deployment'],
    [ackBody(Array.from({ length: 33 }, (_, i) => ({ name: `c${i}`, image: 'app' }))), '/body/resource/deployment'],
    [ackBody([{ name: 'demo', image: 'a' }], '../etc'), '/body/resource/deployment/metadata/name'],
  ];
  for (const [body, pointer] of cases) {
    assert.throws(() => parseImageOverrides(body), (e) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.errors[0]?.pointer === pointer, JSON.stringify(body));
  }
});
