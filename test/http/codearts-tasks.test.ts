/**
 * Deploy tasks on the native API (/api/v1/deploy-tasks) and the CodeArts task routes (H-6…H-11): the minimum
 * create contract, every definition rule with the field it names, encrypted defaults, and the vendor shapes of
 * ShowDeployTaskDetail, ListDeployTasks, CreateDeployTaskByTemplate, DeleteDeployTask, ShowTaskTrigger and
 * UpdateAppInfo, against a real SQLite store and the loopback Kubernetes API server.
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApplication } from '../../src/app/applications/save-application.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const CLUSTER = 'tasks-c1';
const HEX32 = /^[0-9a-f]{32}$/;

type Reply = LightMyRequestResponse;

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {tier: "\${tier}"}
spec:
  replicas: \${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "registry.example/web:1"}]
`;

describe('deploy tasks: native CRUD and the CodeArts task routes', () => {
  let t: TestApp;
  let kube: KubeApiServer;
  let applicationId: string;
  let adminX: Record<string, string>;
  before(async () => {
    t = await buildTestApp();
    kube = await startKubeApiServer();
    kube.apply(deploymentManifest({ name: 'web' }));
    const res = await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: t.admin, payload: { id: CLUSTER, name: CLUSTER, kubeconfig: kube.kubeconfig } });
    assert.equal(res.statusCode, 201, res.body);
    applicationId = (await createApplication(t.deps, { accountId: t.accountId, name: 'shop', clusterId: CLUSTER, namespace: 'default' })).id;
    adminX = { 'x-auth-token': t.admin.authorization.slice('Bearer '.length) };
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  const native = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = t.admin): Promise<Reply> =>
    t.server.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const huawei = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = adminX): Promise<Reply> =>
    t.server.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  function assertHuaweiError(res: Reply, status: number, code: string, message?: RegExp): void {
    assert.equal(res.statusCode, status, res.body);
    const body = res.json();
    assert.deepEqual(body, { error: { code, message: body.error.message }, status: 'failed' });
    if (message) assert.match(body.error.message, message);
  }

  const setImage = { name: 'set image', type: 'set-image', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'web', container: 'web', image: '${image}' };
  const wait = { name: 'wait', type: 'wait-rollout', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'web' };
  let names = 0;
  const minimal = (extra: Record<string, unknown> = {}) => ({
    name: `web-deploy-${++names}`, params: [{ name: 'image', type: 'text', value: 'registry.example/web:2' }], steps: [setImage, wait], ...extra,
  });

  test('the issue\'s minimum contract: POST /api/v1/deploy-tasks → 201 {id (32 characters), …}; GET, list', async () => {
    const body = minimal({ triggerSource: '1' });
    const res = await native('POST', '/api/v1/deploy-tasks', body);
    assert.equal(res.statusCode, 201, res.body);
    const task = res.json();
    assert.match(task.id, HEX32);
    assert.equal(task.name, body.name);
    assert.equal(task.state, 'Available');
    assert.equal(task.triggerSource, '1');
    assert.equal(task.timeoutSeconds, 1800);
    assert.match(task.projectId, HEX32);
    assert.deepEqual(task.params, [{ name: 'image', type: 'text', value: 'registry.example/web:2', description: '', static: false, limits: [] }]);
    assert.deepEqual(task.steps, [{ ...setImage, enabled: true, waitRollout: true }, { ...wait, enabled: true }]);
    assert.deepEqual((await native('GET', `/api/v1/deploy-tasks/${task.id}`)).json(), task);
    const list = (await native('GET', '/api/v1/deploy-tasks?limit=200')).json();
    assert.ok(list.items.some((x: { id: string }) => x.id === task.id));
    assert.equal((await native('GET', `/api/v1/deploy-tasks/${'0'.repeat(32)}`)).statusCode, 404);
  });

  test('all four step types, application targets and host_group targets are accepted and shown back', async () => {
    const steps = [
      { name: 'config', type: 'apply', clusterId: '${env}', namespace: 'default', manifest: MANIFEST },
      { name: 'image', type: 'set-image', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'web', container: 'web', image: 'registry.example/web:${tag}', waitRollout: false },
      { name: 'bounce', type: 'restart', applicationId, enabled: false },
      { name: 'wait', type: 'wait-rollout', applicationId: '${app}', timeoutSeconds: 120 },
    ];
    const params = [
      { name: 'env', type: 'host_group', value: CLUSTER }, { name: 'app', type: 'host_group', value: applicationId },
      { name: 'tag', type: 'text', value: '2' }, { name: 'tier', type: 'enum', value: 'gold', limits: ['gold', 'silver'] },
      { name: 'replicas', type: 'text', value: '2', static: true, description: 'fixed size' },
    ];
    const res = await native('POST', '/api/v1/deploy-tasks', { name: 'all-steps', params, steps, timeoutSeconds: 600 });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().steps, [
      { ...steps[0], enabled: true }, { ...steps[1], enabled: true }, { ...steps[2], waitRollout: true }, { ...steps[3], enabled: true },
    ]);
  });

  test('definition rules: each mistake is refused with 400 naming its field', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [minimal({ steps: [{ ...setImage, image: '${missing}' }] }), '/body/steps/0/image', /\$\{missing\}, which the task does not declare/],
      [minimal({ steps: [{ ...setImage, clusterId: 'Bad_Cluster' }] }), '/body/steps/0/clusterId', /cluster id/],
      [minimal({ steps: [{ ...setImage, clusterId: 'nope' }] }), '/body/steps/0/clusterId', /names cluster nope, which does not exist/],
      [minimal({ steps: [{ ...wait, clusterId: undefined, namespace: undefined, kind: undefined, workload: undefined, applicationId: 'no-such-app' }] }), '/body/steps/0/applicationId', /names application no-such-app/],
      [minimal({ steps: [{ ...setImage, clusterId: '${image}' }] }), '/body/steps/0/clusterId', /only host_group parameters/],
      [minimal({ steps: [{ ...setImage, container: undefined }] }), '/body/steps/0/container', /required for a set-image step/],
      [minimal({ steps: [{ ...setImage, manifest: 'x' }] }), '/body/steps/0/manifest', /not a field of a set-image step/],
      [minimal({ steps: [{ ...setImage, applicationId }] }), '/body/steps/0/applicationId', /not a field of a set-image step/],
      [minimal({ steps: [{ ...wait, applicationId }] }), '/body/steps/0/clusterId', /cannot be combined with applicationId/],
      [minimal({ steps: [{ ...setImage, namespace: 'Not A Namespace' }] }), '/body/steps/0/namespace', /namespace name/],
      [minimal({ steps: [{ name: 'x', type: 'apply', clusterId: CLUSTER, namespace: 'default', manifest: 'a: [' }] }), '/body/steps/0/manifest', /not valid YAML/],
      [minimal({ steps: [{ name: 'x', type: 'apply', clusterId: CLUSTER, namespace: 'default', manifest: 'apiVersion: v1\nmetadata: {name: x}\n' }] }), '/body/steps/0/manifest', /apiVersion, kind and metadata.name/],
      [minimal({ params: [{ name: 'image', type: 'text' }, { name: 'image', type: 'text' }] }), '/body/params/1/name', /a second time/],
      [minimal({ params: [{ name: 'image', type: 'text' }, { name: 'bad name', type: 'text' }] }), '/body/params/1/name', /letters, digits/],
      [minimal({ params: [{ name: 'image', type: 'enum' }] }), '/body/params/0/limits', /allowed values/],
      [minimal({ params: [{ name: 'image', type: 'enum', value: 'c', limits: ['a', 'b'] }] }), '/body/params/0/value', /one of the limits/],
      [minimal({ params: [{ name: 'image', type: 'text', limits: ['a'] }] }), '/body/params/0/limits', /only for enum/],
      [minimal({ params: [{ name: 'image', type: 'text', value: '{{ evil }}' }] }), '/body/params/0/value', /must not contain "\{\{"/],
      [minimal({ params: [{ name: 'image', type: 'secret' }] }), '/body/params/0/type', /./],
      [minimal({ name: 'ab' }), '/body/name', /./],
      [minimal({ name: 'has space' }), '/body/name', /Chinese characters, letters, digits/],
      [minimal({ steps: [] }), '/body/steps', /at least one enabled step/],
      [minimal({ steps: [{ ...setImage, enabled: false }] }), '/body/steps', /at least one enabled step/],
      [minimal({ timeoutSeconds: 0 }), '/body/timeoutSeconds', /./],
      [minimal({ extra: true }), '/body/extra', /./],
    ];
    for (const [payload, pointer, detail] of cases) {
      const res = await native('POST', '/api/v1/deploy-tasks', payload);
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)} → ${res.body}`);
      const problem = res.json();
      const error = problem.errors?.find((e: { pointer: string }) => e.pointer === pointer);
      assert.ok(error, `${pointer} in ${res.body}`);
      assert.match(error.detail, detail, res.body);
    }
    const draft = await native('POST', '/api/v1/deploy-tasks', minimal({ state: 'Draft', steps: [] }));
    assert.equal(draft.statusCode, 201, 'a Draft may have no steps yet');
    const literal = await native('POST', '/api/v1/deploy-tasks', minimal({ steps: [{ ...setImage, image: 'registry.example/web:$${literal}' }] }));
    assert.equal(literal.statusCode, 201, `$\${ writes a literal: ${literal.body}`);
  });

  test('names are unique per project: 409 natively, 400 Deploy.00011001 on CodeArts', async () => {
    const first = await native('POST', '/api/v1/deploy-tasks', minimal({ name: 'unique-name' }));
    assert.equal(first.statusCode, 201);
    const again = await native('POST', '/api/v1/deploy-tasks', minimal({ name: 'unique-name' }));
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'NAME_TAKEN');
    const otherProject = await native('POST', '/api/v1/deploy-tasks', minimal({ name: 'unique-name', projectId: 'c'.repeat(32) }));
    assert.equal(otherProject.statusCode, 201, otherProject.body);
    const viaTemplate = await huawei('POST', '/v2/tasks/template-task', { project_id: first.json().projectId, project_name: 'default', template_id: first.json().id, task_name: 'unique-name' });
    assertHuaweiError(viaTemplate, 400, 'Deploy.00011001');
  });

  test('encrypt defaults are stored sealed, shown as ******, kept when ****** is sent back, replaced otherwise', async () => {
    const res = await native('POST', '/api/v1/deploy-tasks', minimal({ params: [{ name: 'image', type: 'text', value: 'x' }, { name: 'token', type: 'encrypt', value: 'first-secret' }] }));
    assert.equal(res.statusCode, 201, res.body);
    assert.ok(!res.body.includes('first-secret'));
    const task = res.json();
    assert.equal(task.params[1].value, '******');
    const stored = async () => (await t.deps.store.deployTasks.get(t.accountId, task.id))!.params[1]!.value;
    assert.ok(!(await stored()).includes('first-secret'));
    assert.equal(t.deps.secrets.open(await stored()), 'first-secret');

    const roundTrip = await native('PUT', `/api/v1/deploy-tasks/${task.id}`, { name: task.name, params: task.params, steps: task.steps });
    assert.equal(roundTrip.statusCode, 200, roundTrip.body);
    assert.equal(t.deps.secrets.open(await stored()), 'first-secret', 'the mask keeps the secret');
    const patched = await native('PATCH', `/api/v1/deploy-tasks/${task.id}`, { description: 'renamed only' });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(t.deps.secrets.open(await stored()), 'first-secret', 'a PATCH without params keeps them');
    const replaced = await native('PATCH', `/api/v1/deploy-tasks/${task.id}`, { params: [{ name: 'image', type: 'text' }, { name: 'token', type: 'encrypt', value: 'second-secret' }] });
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.ok(!replaced.body.includes('second-secret'));
    assert.equal(t.deps.secrets.open(await stored()), 'second-secret');
    const detail = await huawei('GET', `/v2/tasks/${task.id}`);
    assert.ok(!detail.body.includes('second-secret'));
  });

  test('PUT replaces, PATCH changes only what it names; both re-check the definition', async () => {
    const task = (await native('POST', '/api/v1/deploy-tasks', minimal({ description: 'first', triggerSource: '1' }))).json();
    const put = await native('PUT', `/api/v1/deploy-tasks/${task.id}`, { name: task.name, steps: [{ ...wait }] });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual([put.json().description, put.json().params, put.json().triggerSource, put.json().steps.length], ['', [], '0', 1]);
    const patch = await native('PATCH', `/api/v1/deploy-tasks/${task.id}`, { state: 'Draft', artifactType: 'docker' });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.deepEqual([patch.json().state, patch.json().artifactType, patch.json().steps.length], ['Draft', 'docker', 1]);
    assert.ok(Date.parse(patch.json().updatedAt) >= Date.parse(task.updatedAt));
    const bad = await native('PATCH', `/api/v1/deploy-tasks/${task.id}`, { steps: [{ ...setImage }] });
    assert.equal(bad.statusCode, 400, 'image uses ${image}, which the task no longer declares');
    assert.equal((await native('PATCH', `/api/v1/deploy-tasks/${'0'.repeat(32)}`, { state: 'Draft' })).statusCode, 404);
  });

  test('trigger-rule: GET and PUT on the native API, ShowTaskTrigger on CodeArts', async () => {
    const task = (await native('POST', '/api/v1/deploy-tasks', minimal())).json();
    assert.deepEqual((await native('GET', `/api/v1/deploy-tasks/${task.id}/trigger-rule`)).json(), { triggerSource: '0', artifactSourceSystem: null, artifactType: null });
    const put = await native('PUT', `/api/v1/deploy-tasks/${task.id}/trigger-rule`, { triggerSource: '1', artifactSourceSystem: 'Artifact', artifactType: 'docker' });
    assert.equal(put.statusCode, 200, put.body);
    const shown = await huawei('GET', `/v2/task/trigger/detail?task_id=${task.id}`);
    assert.equal(shown.statusCode, 200, shown.body);
    assert.deepEqual(shown.json(), { trigger_source: '1', artifact_source_system: 'Artifact', artifact_type: 'docker' });
    assertHuaweiError(await huawei('GET', `/v2/task/trigger/detail?task_id=${'0'.repeat(32)}`), 404, 'Deploy.00011020');
    assertHuaweiError(await huawei('GET', '/v2/task/trigger/detail'), 400, 'DEV.CH.10001', /task_id/);
  });

  test('ShowDeployTaskDetail: the TaskInfo shape, steps as a map, the caller\'s permissions, the last run', async () => {
    const task = (await native('POST', '/api/v1/deploy-tasks', minimal({ description: 'ships web' }))).json();
    const res = await huawei('GET', `/v2/tasks/${task.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const info = res.json();
    assert.deepEqual(Object.keys(info).sort(), [
      'app_component_list', 'app_id', 'can_copy', 'can_delete', 'can_disable', 'can_execute', 'can_manage', 'can_modify', 'can_view', 'create_time',
      'deploy_system', 'description', 'duration', 'execution_state', 'execution_time', 'executor_id', 'executor_nick_name', 'id', 'is_care',
      'is_defaut_permission', 'is_disable', 'name', 'nick_name', 'owner', 'owner_id', 'project_id', 'project_name', 'release_id', 'role_id',
      'slave_cluster_id', 'state', 'steps', 'task_id', 'template_id', 'tenant_id', 'tenant_name', 'update_time',
    ]);
    assert.equal(info.task_id, task.id);
    assert.equal(info.id, task.id);
    assert.equal(info.state, 'Available');
    assert.equal(info.deploy_system, 'deployTemplate');
    assert.match(info.create_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(info.description, 'ships web');
    assert.equal(info.owner, 'bootstrap-admin');
    assert.equal(info.role_id, 0, 'the caller created it');
    assert.match(info.tenant_id, HEX32);
    assert.equal(info.execution_state, null);
    assert.equal(info.can_execute, true);
    assert.deepEqual(info.steps, {
      step1: { id: 'step1', name: 'set image', enable: true, params: { type: 'set-image', cluster_id: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'web', container: 'web', image: '${image}', wait_rollout: 'true' } },
      step2: { id: 'step2', name: 'wait', enable: true, params: { type: 'wait-rollout', cluster_id: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'web' } },
    });
    const viewer = { 'x-auth-token': (await t.tokenFor('viewer')).authorization.slice('Bearer '.length) };
    const asViewer = (await huawei('GET', `/v2/tasks/${task.id}`, undefined, viewer)).json();
    assert.deepEqual([asViewer.can_view, asViewer.can_modify, asViewer.can_execute, asViewer.role_id], [true, false, false, 8]);

    const started = await huawei('POST', `/v2/tasks/${task.id}/start`, { params: [] });
    assert.equal(started.statusCode, 200, started.body);
    const withRun = (await huawei('GET', `/v2/tasks/${task.id}`)).json();
    assert.deepEqual([withRun.execution_state, withRun.release_id, withRun.executor_nick_name], ['running', 1, 'bootstrap-admin']);
    assert.match(withRun.execution_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    await huawei('PUT', `/v2/tasks/${task.id}/records/${started.json().id}/stop`);
  });

  test('ListDeployTasks: one project\'s tasks, newest first, page and size, total_num', async () => {
    const project = 'd'.repeat(32);
    const created: { id: string; createdAt: string }[] = [];
    for (let i = 0; i < 3; i++) created.push((await native('POST', '/api/v1/deploy-tasks', minimal({ projectId: project, projectName: 'listing' }))).json());
    // Newest first; tasks made in the same millisecond follow their ids (descending), as the store orders them.
    const ids = created.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (b.id < a.id ? -1 : 1)).map((x) => x.id);
    const page = (p: number, s: number) => huawei('GET', `/v2/${project}/tasks/list?page=${p}&size=${s}`);
    const first = await page(1, 2);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().total_num, 3);
    assert.deepEqual(first.json().result.map((x: { task_id: string }) => x.task_id), ids.slice(0, 2));
    assert.equal(first.json().result[0].project_name, 'listing');
    assert.deepEqual((await page(2, 2)).json().result.map((x: { task_id: string }) => x.task_id), ids.slice(2));
    assert.deepEqual((await huawei('GET', `/v2/${'9'.repeat(32)}/tasks/list`)).json(), { total_num: 0, result: [] });
    assertHuaweiError(await page(1, 101), 400, 'DEV.CH.10001', /size/);
    assertHuaweiError(await page(0, 10), 400, 'DEV.CH.10001', /page/);
    const nativePage = (await native('GET', `/api/v1/deploy-tasks?projectId=${project}&limit=2`)).json();
    assert.deepEqual(nativePage.items.map((x: { id: string }) => x.id), ids.slice(0, 2));
    assert.ok(nativePage.nextCursor);
  });

  test('CreateDeployTaskByTemplate copies the template\'s steps and parameters, configs override by name', async () => {
    const template = (await native('POST', '/api/v1/deploy-tasks', minimal({
      description: 'template', timeoutSeconds: 900,
      params: [{ name: 'image', type: 'text', value: 'registry.example/web:2' }, { name: 'token', type: 'encrypt', value: 'template-secret' }],
    }))).json();
    const project = 'e'.repeat(32);
    const res = await huawei('POST', '/v2/tasks/template-task', {
      project_id: project, project_name: 'copies', template_id: template.id, task_name: 'from-template',
      configs: [{ name: 'image', type: 'text', value: 'registry.example/web:3', static_status: 1 }, { name: 'tier', type: 'enum', value: 'gold', limits: [{ name: 'gold' }, { name: 'silver' }] }],
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(Object.keys(res.json()).sort(), ['task_id', 'task_name']);
    assert.equal(res.json().task_name, 'from-template');
    assert.match(res.json().task_id, HEX32);
    const copy = (await native('GET', `/api/v1/deploy-tasks/${res.json().task_id}`)).json();
    assert.deepEqual([copy.projectId, copy.projectName, copy.templateId, copy.description, copy.timeoutSeconds], [project, 'copies', template.id, 'template', 900]);
    assert.deepEqual(copy.steps, template.steps);
    assert.deepEqual(copy.params.map((p: { name: string; value: string; static: boolean }) => [p.name, p.value, p.static]), [
      ['image', 'registry.example/web:3', true], ['token', '******', false], ['tier', 'gold', false],
    ]);
    const sealed = (await t.deps.store.deployTasks.get(t.accountId, copy.id))!.params[1]!.value;
    assert.equal(t.deps.secrets.open(sealed), 'template-secret');

    assertHuaweiError(await huawei('POST', '/v2/tasks/template-task', { project_id: project, project_name: 'x', template_id: '0'.repeat(32), task_name: 'nothing-there' }), 404, 'Deploy.00011020');
    assertHuaweiError(await huawei('POST', '/v2/tasks/template-task', { project_id: project, project_name: 'x', template_id: template.id, task_name: 'bad-config', configs: [{ name: 'image', value: '{% x %}' }] }), 400, 'DEV.CH.10001', /\/body\/configs\/0\/value/);
    assertHuaweiError(await huawei('POST', '/v2/tasks/template-task', { project_id: 'short', project_name: 'x', template_id: template.id, task_name: 'bad-project' }), 400, 'DEV.CH.10001', /project_id/);
  });

  test('DeleteDeployTask answers {task_id}, is refused while a run is queued, and keeps the records', async () => {
    const task = (await native('POST', '/api/v1/deploy-tasks', minimal())).json();
    const started = (await huawei('POST', `/v2/tasks/${task.id}/start`, { params: [] })).json();
    assertHuaweiError(await huawei('DELETE', `/v2/tasks/${task.id}`), 400, 'Deploy.00011027', /stop it/);
    await huawei('PUT', `/v2/tasks/${task.id}/records/${started.id}/stop`);
    const deleted = await huawei('DELETE', `/v2/tasks/${task.id}`);
    assert.equal(deleted.statusCode, 200, deleted.body);
    assert.deepEqual(deleted.json(), { task_id: task.id });
    assertHuaweiError(await huawei('DELETE', `/v2/tasks/${task.id}`), 404, 'Deploy.00011020');
    assertHuaweiError(await huawei('GET', `/v2/tasks/${task.id}`), 404, 'Deploy.00011020');
    assert.equal((await native('DELETE', `/api/v1/deploy-tasks/${task.id}`)).statusCode, 404);
    assert.equal((await t.deps.store.records.get(t.accountId, started.id))?.taskId, task.id, 'the history stays');
  });

  test('UpdateAppInfo renames, drafts and sets the trigger rule; refuses other projects and operation_list', async () => {
    const task = (await native('POST', '/api/v1/deploy-tasks', minimal())).json();
    const body = { id: task.id, project_id: task.projectId, name: 'renamed-app', description: 'new words', is_draft: true, create_type: 'template', trigger: { trigger_source: '1', artifact_source_system: 'Artifact', artifact_type: 'generic' } };
    const res = await huawei('PUT', '/v1/applications', body);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { status: 'success', result: { id: task.id, name: 'renamed-app', region: '', arrange_infos: [{ id: task.id }] } });
    const now = (await native('GET', `/api/v1/deploy-tasks/${task.id}`)).json();
    assert.deepEqual([now.name, now.description, now.state, now.triggerSource, now.artifactType], ['renamed-app', 'new words', 'Draft', '1', 'generic']);
    assertHuaweiError(await huawei('POST', `/v2/tasks/${task.id}/start`, { params: [] }), 400, 'Deploy.00011042');
    const published = await huawei('PUT', '/v1/applications', { ...body, is_draft: false, trigger: undefined });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal((await native('GET', `/api/v1/deploy-tasks/${task.id}`)).json().triggerSource, '1', 'left out, the rule stays');

    assertHuaweiError(await huawei('PUT', '/v1/applications', { ...body, project_id: 'f'.repeat(32) }), 404, 'Deploy.00011020');
    assertHuaweiError(await huawei('PUT', '/v1/applications', { ...body, arrange_infos: [{ id: task.id, operation_list: [{}] }] }), 400, 'DEV.CH.10001', /operation_list/);
    assertHuaweiError(await huawei('PUT', '/v1/applications', { ...body, arrange_infos: [{ id: 'a'.repeat(32) }] }), 400, 'DEV.CH.10001', /arrange_infos/);
    assertHuaweiError(await huawei('PUT', '/v1/applications', { ...body, create_type: 'blank' }), 400, 'DEV.CH.10001', /create_type/);
    const member = { 'x-auth-token': (await t.tokenFor('pipeline')).authorization.slice('Bearer '.length) };
    assertHuaweiError(await huawei('PUT', '/v1/applications', body, member), 403, 'Deploy.00011154');
  });

  test('native start: 202 with the queued record; values as a name → value map; the task\'s records, newest first', async () => {
    const task = (await native('POST', '/api/v1/deploy-tasks', minimal({ params: [{ name: 'image', type: 'text', value: 'a' }, { name: 'tier', type: 'enum', value: 'gold', limits: ['gold', 'silver'] }] }))).json();
    const bad = await native('POST', `/api/v1/deploy-tasks/${task.id}/start`, { params: { tier: 'bronze', 'no/such': 'x' } });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal(bad.json().code, 'PARAM_INVALID');
    assert.deepEqual(bad.json().errors.map((e: { pointer: string }) => e.pointer), ['/body/params/tier', '/body/params/no~1such']);

    const res = await native('POST', `/api/v1/deploy-tasks/${task.id}/start`, { params: { image: 'registry.example/web:4', tier: 'silver' } });
    assert.equal(res.statusCode, 202, res.body);
    const record = res.json();
    assert.match(record.id, HEX32);
    assert.deepEqual([record.taskId, record.type, record.origin, record.state, record.releaseId], [task.id, 'deploy', 'api', 'queued', 1]);
    assert.deepEqual(record.params.map((p: { key: string; value: string }) => [p.key, p.value]), [['image', 'registry.example/web:4'], ['tier', 'silver']]);
    const rollbackToQueued = await native('POST', `/api/v1/deploy-tasks/${task.id}/start`, { recordId: record.id });
    assert.equal(rollbackToQueued.statusCode, 409, 'a record still queued cannot be rolled back to');
    assert.equal((await huawei('PUT', `/v2/tasks/${task.id}/records/${record.id}/stop`)).statusCode, 200);
    const noChanges = await native('POST', `/api/v1/deploy-tasks/${task.id}/start`, { recordId: record.id });
    assert.equal(noChanges.statusCode, 409, noChanges.body);
    assert.equal(noChanges.json().code, 'RECORD_NOT_ROLLBACKABLE');
    assertHuaweiError(await huawei('POST', `/v2/tasks/${task.id}/start`, { record_id: record.id }), 400, 'DEV.CH.10001', /changed no workload/);

    await sleep(2); // a later millisecond, so "newest first" is decided by time, not by id
    const second = (await native('POST', `/api/v1/deploy-tasks/${task.id}/start`, {})).json();
    const list = await native('GET', `/api/v1/deploy-tasks/${task.id}/records?limit=1`);
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json().items.map((r: { id: string }) => r.id), [second.id]);
    const rest = await native('GET', `/api/v1/deploy-tasks/${task.id}/records?limit=1&cursor=${list.json().nextCursor}`);
    assert.deepEqual(rest.json().items.map((r: { id: string }) => r.id), [record.id]);
    await huawei('PUT', `/v2/tasks/${task.id}/records/${second.id}/stop`);
    const pipelineOnly = (await native('POST', '/api/v1/deploy-tasks', minimal({ triggerSource: '1' }))).json();
    const refused = await native('POST', `/api/v1/deploy-tasks/${pipelineOnly.id}/start`, {});
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'PIPELINE_ONLY');
    const draft = (await native('POST', '/api/v1/deploy-tasks', minimal({ state: 'Draft' }))).json();
    assert.equal((await native('POST', `/api/v1/deploy-tasks/${draft.id}/start`)).json().code, 'TASK_DRAFT');
  });

  test('unknown paths under the CodeArts prefixes answer in the CodeArts envelope', async () => {
    assertHuaweiError(await huawei('GET', `/v2/tasks/${'a'.repeat(32)}/unknown`), 404, 'APIGW.0101');
    assertHuaweiError(await huawei('PATCH' as 'GET', '/v1/applications'), 404, 'APIGW.0101');
    assertHuaweiError(await huawei('GET', '/v2/history/nothing'), 404, 'APIGW.0101');
    assertHuaweiError(await huawei('GET', `/v2/tasks/${'a'.repeat(32)}`, undefined, {}), 401, 'APIGW.0301');
  });
});
