/**
 * CodeArts Deploy runs on the wire (H-1…H-5) without a worker, so records stay queued where a test needs them:
 * the seed's StartDeployTask sample, parameter validation, draft and pipeline-only refusals, one run at a time,
 * ShowDeployStatus, StopDeployTaskRecordV2, ShowExecutionParams and ListDeployTaskHistoryByDate. Rollouts to the
 * end are test/integration/codearts-deploy.test.ts.
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { after, before, describe, test } from 'node:test';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const CLUSTER = 'codearts-c1';
const HEX32 = /^[0-9a-f]{32}$/;

type Reply = LightMyRequestResponse;

describe('CodeArts StartDeployTask and the run APIs', () => {
  let t: TestApp;
  let kube: KubeApiServer;
  let adminX: Record<string, string>;
  before(async () => {
    t = await buildTestApp();
    kube = await startKubeApiServer();
    kube.apply(deploymentManifest({ name: 'web', image: 'registry.example/web:1' }));
    const res = await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: t.admin, payload: { id: CLUSTER, name: CLUSTER, kubeconfig: kube.kubeconfig } });
    assert.equal(res.statusCode, 201, res.body);
    adminX = { 'x-auth-token': t.admin.authorization.slice('Bearer '.length) };
  });
  after(async () => {
    await t.close();
    await kube.close();
  });

  let names = 0;
  const setImage = { name: 'set image', type: 'set-image', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'web', container: 'web', image: '${image}' };
  const wait = { name: 'wait', type: 'wait-rollout', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'web' };
  async function createTask(extra: Record<string, unknown> = {}): Promise<{ id: string; projectId: string; name: string }> {
    const res = await t.server.inject({
      method: 'POST', url: '/api/v1/deploy-tasks', headers: t.admin,
      payload: {
        name: `run-task-${++names}`,
        params: [
          { name: 'image', type: 'text', value: 'registry.example/web:2' },
          { name: 'tier', type: 'enum', value: 'gold', limits: ['gold', 'silver'] },
          { name: 'token', type: 'encrypt', value: 'default-secret' },
          { name: 'region', type: 'text', value: 'eu', static: true },
        ],
        steps: [setImage, wait],
        ...extra,
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  }
  const start = (taskId: string, payload: unknown, headers: Record<string, string> = adminX): Promise<Reply> =>
    t.server.inject({ method: 'POST', url: `/v2/tasks/${taskId}/start`, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = adminX): Promise<Reply> =>
    t.server.inject({ method, url, headers });
  const records = async (taskId: string): Promise<number> => t.deps.store.records.count(t.accountId, { taskId });
  const stop = async (taskId: string, recordId: string): Promise<void> => {
    const res = await call('PUT', `/v2/tasks/${taskId}/records/${recordId}/stop`);
    assert.equal(res.statusCode, 200, res.body);
  };

  function assertHuaweiError(res: Reply, status: number, code: string, message?: RegExp): void {
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['error', 'status']);
    assert.equal(body.status, 'failed');
    assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message']);
    assert.equal(body.error.code, code, body.error.message);
    if (message) assert.match(body.error.message, message);
  }

  test('the seed\'s sample start answers exactly {id, task_id, job_name, app_component_list}', async () => {
    const task = await createTask();
    assert.match(task.id, HEX32);
    const res = await start(task.id, { params: [] });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), ['app_component_list', 'id', 'job_name', 'task_id']);
    assert.match(body.id, HEX32);
    assert.equal(body.task_id, task.id);
    assert.match(body.job_name, /^[A-Za-z0-9_]{45,55}$/);
    assert.deepEqual(body.app_component_list, []);
    const record = await t.deps.store.records.get(t.accountId, body.id);
    assert.equal(record?.taskId, task.id);
    assert.equal(record?.type, 'deploy');
    assert.equal(record?.origin, 'api');
    assert.equal(record?.releaseId, 1);
    assert.equal(record?.jobName, body.job_name);
    assert.deepEqual(record?.plan.map((s) => s.type), ['set-image', 'wait-rollout']);
    await stop(task.id, body.id);
  });

  test('a start with no body or an empty JSON body is the same as params: []; Bearer works as well as X-Auth-Token', async () => {
    const task = await createTask();
    const empty = await t.server.inject({ method: 'POST', url: `/v2/tasks/${task.id}/start`, headers: { ...adminX, 'content-type': 'application/json' }, payload: '' });
    assert.equal(empty.statusCode, 200, empty.body);
    await stop(task.id, empty.json().id);
    const none = await t.server.inject({ method: 'POST', url: `/v2/tasks/${task.id}/start`, headers: adminX });
    assert.equal(none.statusCode, 200, none.body);
    await stop(task.id, none.json().id);
    const bearer = await start(task.id, {}, t.admin);
    assert.equal(bearer.statusCode, 200, bearer.body);
    await stop(task.id, bearer.json().id);
  });

  test('parameters resolve against the declaration: given values, defaults, encrypt sealed and never echoed', async () => {
    const task = await createTask();
    const res = await start(task.id, { params: [{ key: 'image', value: 'registry.example/web:7', type: 'text' }, { key: 'tier', value: 'silver' }, { key: 'token', value: 's3cr3t-value', type: 'encrypt' }] });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(!res.body.includes('s3cr3t'));
    const record = await t.deps.store.records.get(t.accountId, res.json().id);
    const byKey = new Map(record?.params.map((p) => [p.key, p]));
    assert.equal(byKey.get('image')?.value, 'registry.example/web:7');
    assert.equal(byKey.get('tier')?.value, 'silver');
    assert.equal(byKey.get('region')?.value, 'eu');
    const sealed = byKey.get('token')?.value ?? '';
    assert.ok(!sealed.includes('s3cr3t'), 'stored sealed');
    assert.equal(t.deps.secrets.open(sealed), 's3cr3t-value');
    assert.ok(!JSON.stringify(record?.plan).includes('s3cr3t'));

    const shown = await call('GET', `/v2/history/tasks/${task.id}/params?record_id=${res.json().id}`);
    assert.equal(shown.statusCode, 200, shown.body);
    assert.deepEqual(shown.json(), [
      { name: 'image', type: 'text', value: 'registry.example/web:7' },
      { name: 'tier', type: 'enum', value: 'silver' },
      { name: 'token', type: 'encrypt', value: '******' },
      { name: 'region', type: 'text', value: 'eu' },
    ]);
    await stop(task.id, res.json().id);
  });

  test('bad parameters are refused with DEV.CH.10001 naming the field, and nothing is written', async () => {
    const task = await createTask();
    const cases: [unknown, RegExp][] = [
      [{ params: [{ key: 'nope', value: 'x' }] }, /\/body\/params\/0\/key names "nope", which the task does not declare/],
      [{ params: [{ key: 'image', value: 'x', type: 'encrypt' }] }, /\/body\/params\/0\/type .*declared as text/],
      [{ params: [{ key: 'tier', value: 'bronze' }] }, /\/body\/params\/0\/value must be one of "gold", "silver"/],
      [{ params: [{ key: 'image', value: 'a{{b' }] }, /must not contain "\{\{"/],
      [{ params: [{ key: 'image', value: '{% raw %}' }] }, /must not contain "\{%"/],
      [{ params: [{ key: 'image', value: 'x {# y' }] }, /must not contain "\{#"/],
      [{ params: [{ key: 'region', value: 'us' }] }, /static parameter "region"/],
      [{ params: [{ key: 'ima ge', value: 'x' }] }, /\/body\/params\/0\/key must be 1–128 characters/],
      [{ params: [{ key: 'k'.repeat(129), value: 'x' }] }, /key/],
      [{ params: [{ key: 'image', value: 'x'.repeat(8193) }] }, /at most 8192 characters/],
      [{ params: [{ key: 'image', value: 'a' }, { key: 'image', value: 'b' }] }, /\/body\/params\/1\/key gives "image" a second time/],
      [{ params: Array.from({ length: 501 }, (_, i) => ({ key: `k${i}`, value: 'x' })) }, /params/],
      [{ params: [{ key: 'image', value: 'x', type: 'secret' }] }, /type/],
      [{ params: [{ value: 'x' }] }, /key/],
      [{ params: [], unknown: 1 }, /unknown/],
      [{ params: [], trigger_source: '2' }, /trigger_source/],
      [{ params: [{ key: 'image', value: 'x' }], record_id: 'f'.repeat(32) }, /record_id/],
    ];
    for (const [payload, message] of cases) {
      assertHuaweiError(await start(task.id, payload), 400, 'DEV.CH.10001', message);
    }
    assertHuaweiError(await t.server.inject({ method: 'POST', url: `/v2/tasks/${task.id}/start`, headers: { ...adminX, 'content-type': 'application/json' }, payload: '{"params":' }), 400, 'DEV.CH.10001');
    assert.equal(await records(task.id), 0);
  });

  test('every bad parameter is reported at once', async () => {
    const task = await createTask();
    const res = await start(task.id, { params: [{ key: 'nope', value: 'x' }, { key: 'tier', value: 'bronze' }] });
    assertHuaweiError(res, 400, 'DEV.CH.10001', /params\/0\/key.*params\/1\/value/);
  });

  test('unknown or malformed task ids: 404 Deploy.00011020, 400 DEV.CH.10001', async () => {
    assertHuaweiError(await start('0'.repeat(32), { params: [] }), 404, 'Deploy.00011020', /does not exist/);
    assertHuaweiError(await start('not-a-task', { params: [] }), 400, 'DEV.CH.10001', /task_id/);
    assertHuaweiError(await call('GET', `/v2/tasks/${'0'.repeat(32)}/state`), 404, 'Deploy.00011020');
  });

  test('a Draft task cannot run: 400 Deploy.00011042', async () => {
    const task = await createTask({ state: 'Draft' });
    assertHuaweiError(await start(task.id, { params: [] }), 400, 'Deploy.00011042', /draft/);
    assert.equal(await records(task.id), 0);
  });

  test('a second start while one is queued or running is 400 Deploy.00011027; racing starts admit exactly one', async () => {
    const task = await createTask();
    const first = await start(task.id, { params: [] });
    assert.equal(first.statusCode, 200, first.body);
    assertHuaweiError(await start(task.id, { params: [] }), 400, 'Deploy.00011027', new RegExp(first.json().id));
    const native = await t.server.inject({ method: 'POST', url: `/api/v1/deploy-tasks/${task.id}/start`, headers: t.admin, payload: {} });
    assert.equal(native.statusCode, 409, native.body);
    assert.equal(native.json().code, 'DEPLOY_IN_PROGRESS');
    await stop(task.id, first.json().id);

    const racing = await Promise.all(Array.from({ length: 6 }, () => start(task.id, { params: [] })));
    const ok = racing.filter((r) => r.statusCode === 200);
    assert.equal(ok.length, 1, racing.map((r) => r.body).join('\n'));
    for (const r of racing.filter((x) => x.statusCode !== 200)) assertHuaweiError(r, 400, 'Deploy.00011027');
    assert.equal(await records(task.id), 2);
    await stop(task.id, ok[0]!.json().id);
  });

  test('trigger_source "1": a member token is refused with Deploy.00011154, a pipeline token starts it as origin pipeline', async () => {
    const task = await createTask({ triggerSource: '1' });
    const member = await t.tokenFor('member');
    const pipeline = await t.tokenFor('pipeline');
    const asX = (h: { authorization: string }) => ({ 'x-auth-token': h.authorization.slice('Bearer '.length) });
    assertHuaweiError(await start(task.id, { params: [] }, asX(member)), 403, 'Deploy.00011154', /pipeline/);
    assertHuaweiError(await start(task.id, { params: [] }), 403, 'Deploy.00011154', /admin token/);
    const ok = await start(task.id, { params: [{ key: 'image', value: 'registry.example/web:9' }] }, asX(pipeline));
    assert.equal(ok.statusCode, 200, ok.body);
    const record = await t.deps.store.records.get(t.accountId, ok.json().id);
    assert.equal(record?.origin, 'pipeline');
    await stop(task.id, ok.json().id);
    // A pipeline may not lift the rule it runs under; a member may not start through it either way.
    assertHuaweiError(await start(task.id, { params: [], trigger_source: '0' }, asX(pipeline)), 403, 'Deploy.00011154', /write/);
    const viewer = await t.tokenFor('viewer');
    assertHuaweiError(await start(task.id, { params: [] }, asX(viewer)), 403, 'Deploy.00011154');
  });

  test('trigger_source on a start sets the rule only when the start is accepted', async () => {
    const task = await createTask();
    const pipeline = { 'x-auth-token': (await t.tokenFor('pipeline')).authorization.slice('Bearer '.length) };
    const rule = async () => (await call('GET', `/v2/task/trigger/detail?task_id=${task.id}`)).json().trigger_source;
    // An admin asking for pipeline-only is refused by the rule it asks for, and the rule stays "0".
    assertHuaweiError(await start(task.id, { params: [], trigger_source: '1' }), 403, 'Deploy.00011154');
    assert.equal(await rule(), '0');
    const locked = await start(task.id, { params: [], trigger_source: '1' }, pipeline);
    assert.equal(locked.statusCode, 200, locked.body);
    assert.equal(await rule(), '1');
    await stop(task.id, locked.json().id);
    const unlocked = await start(task.id, { params: [], trigger_source: '0' });
    assert.equal(unlocked.statusCode, 200, unlocked.body);
    assert.equal(await rule(), '0');
    await stop(task.id, unlocked.json().id);
  });

  test('ShowDeployStatus: latest or given record, queued reads as running, steps listed; stop marks it stopped', async () => {
    const task = await createTask();
    assertHuaweiError(await call('GET', `/v2/tasks/${task.id}/state`), 404, 'Deploy.00011020', /has not run/);
    const started = (await start(task.id, { params: [] })).json();
    const state = await call('GET', `/v2/tasks/${task.id}/state`);
    assert.equal(state.statusCode, 200, state.body);
    const { status, result } = state.json();
    assert.equal(status, 'success');
    assert.deepEqual(Object.keys(result).sort(), ['end_time', 'executor', 'nick_name', 'record_id', 'start_time', 'status', 'step', 'step_state', 'task_id', 'task_name']);
    assert.equal(result.record_id, started.id);
    assert.equal(result.status, 'running');
    assert.equal(result.step, 'running');
    assert.equal(result.task_name, task.name);
    assert.match(result.start_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(result.end_time, null);
    assert.deepEqual(result.step_state.map((s: { name: string; id: number; offset: number; region: string }) => [s.id, s.offset, s.name, s.region]), [[1, 0, 'set image', CLUSTER], [2, 1, 'wait', CLUSTER]]);
    assert.deepEqual(Object.keys(result.step_state[0]).sort(), ['current_offset', 'elapsed_time', 'enable', 'faq_url', 'id', 'name', 'offset', 'region']);
    const brief = (await call('GET', `/v2/tasks/${task.id}/state?record_id=${started.id}&step_state=false`)).json();
    assert.equal(brief.result.step_state, undefined);

    const stopped = await call('PUT', `/v2/tasks/${task.id}/records/${started.id}/stop`);
    assert.equal(stopped.statusCode, 200, stopped.body);
    assert.deepEqual(stopped.json(), { status: 'success', result: { id: started.id, task_id: task.id } });
    const after = (await call('GET', `/v2/tasks/${task.id}/state?record_id=${started.id}`)).json().result;
    assert.equal(after.status, 'stopped');
    assert.equal(after.step, 'finish');
    assert.match(after.end_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assertHuaweiError(await call('PUT', `/v2/tasks/${task.id}/records/${started.id}/stop`), 400, 'DEV.CH.10001', /already stopped/);
  });

  test('a record of another task is not found through this task, on every run route', async () => {
    const a = await createTask();
    const b = await createTask();
    const recordOfB = (await start(b.id, { params: [] })).json().id;
    assertHuaweiError(await call('GET', `/v2/tasks/${a.id}/state?record_id=${recordOfB}`), 404, 'Deploy.00011020');
    assertHuaweiError(await call('PUT', `/v2/tasks/${a.id}/records/${recordOfB}/stop`), 404, 'Deploy.00011020');
    assertHuaweiError(await call('GET', `/v2/history/tasks/${a.id}/params?record_id=${recordOfB}`), 404, 'Deploy.00011020');
    await stop(b.id, recordOfB);
    assertHuaweiError(await start(a.id, { record_id: recordOfB }), 404, 'Deploy.00011020');
    assertHuaweiError(await start(a.id, { record_id: 'e'.repeat(32) }), 404, 'Deploy.00011020');
  });

  test('a stop on an empty PUT with Content-Type: application/json, as the Huawei SDKs send it', async () => {
    const task = await createTask();
    const started = (await start(task.id, { params: [] })).json();
    const res = await t.server.inject({ method: 'PUT', url: `/v2/tasks/${task.id}/records/${started.id}/stop`, headers: { ...adminX, 'content-type': 'application/json' }, payload: '' });
    assert.equal(res.statusCode, 200, res.body);
  });

  test('ListDeployTaskHistoryByDate: a date window, newest first, paged, with the total', async () => {
    const task = await createTask();
    for (let i = 0; i < 5; i++) await stop(task.id, (await start(task.id, { params: [] })).json().id);
    // Newest first; records made in the same millisecond follow their ids (descending), as the store orders them.
    const ids = (await t.deps.store.records.list(t.accountId, { taskId: task.id, limit: 10 })).items
      .sort((a, b) => b.createdAt - a.createdAt || (b.id < a.id ? -1 : 1)).map((r) => r.id);
    assert.equal(ids.length, 5);
    const today = new Date().toISOString().slice(0, 10);
    const history = (page: number, size: number, start = today, end = today, project = task.projectId) =>
      call('GET', `/v2/${project}/task/${task.id}/history?page=${page}&size=${size}&start_date=${start}&end_date=${end}`);
    const first = await history(1, 2);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().total_num, 5);
    assert.deepEqual(first.json().result.map((r: { execution_id: string }) => r.execution_id), ids.slice(0, 2));
    const row = first.json().result[0];
    assert.deepEqual(Object.keys(row).sort(), ['duration', 'end_time', 'execution_id', 'nickname', 'operator', 'release_id', 'start_time', 'state', 'type']);
    assert.equal(typeof row.release_id, 'number');
    assert.equal(row.state, 'stopped');
    assert.equal(row.type, 'deploy');
    assert.equal(row.operator, 'bootstrap-admin');
    const pages = [await history(2, 2), await history(3, 2), await history(4, 2)].map((r) => r.json());
    assert.deepEqual(pages.map((p) => p.result.map((r: { execution_id: string }) => r.execution_id)), [ids.slice(2, 4), ids.slice(4), []]);
    assert.ok(pages.every((p) => p.total_num === 5));

    const longAgo = await history(1, 10, '2020-01-01', '2020-01-31');
    assert.deepEqual(longAgo.json(), { total_num: 0, result: [] });
    assertHuaweiError(await history(1, 10, '2020-01-01', '2020-02-01'), 400, 'DEV.CH.10001', /30 days/);
    assertHuaweiError(await history(1, 10, '2020-02-02', '2020-02-01'), 400, 'DEV.CH.10001', /before start_date/);
    assertHuaweiError(await history(1, 10, '2024-02-30', '2024-03-01'), 400, 'DEV.CH.10001', /yyyy-MM-dd/);
    assertHuaweiError(await history(1, 10, '1969-12-31', '1970-01-01'), 400, 'DEV.CH.10001', /1970-01-01/);
    assertHuaweiError(await history(0, 10), 400, 'DEV.CH.10001', /page/);
    assertHuaweiError(await history(1, 101), 400, 'DEV.CH.10001', /size/);
    assertHuaweiError(await call('GET', `/v2/${task.projectId}/task/${task.id}/history?start_date=${today}&end_date=${today}`), 400, 'DEV.CH.10001', /page/);
    assertHuaweiError(await history(1, 10, today, today, 'b'.repeat(32)), 404, 'Deploy.00011020');
  });

  test('credentials: 401 without a token, X-Auth-Token or Bearer accepted, a viewer cannot start or stop', async () => {
    const task = await createTask();
    assertHuaweiError(await start(task.id, { params: [] }, {}), 401, 'APIGW.0301', /X-Auth-Token: <token>/);
    assertHuaweiError(await start(task.id, { params: [] }, { 'x-auth-token': 'not-a-token' }), 401, 'APIGW.0301');
    const viewer = { 'x-auth-token': (await t.tokenFor('viewer')).authorization.slice('Bearer '.length) };
    assertHuaweiError(await start(task.id, { params: [] }, viewer), 403, 'Deploy.00011154');
    const state = await call('GET', `/v2/tasks/${task.id}/state`, viewer);
    assertHuaweiError(state, 404, 'Deploy.00011020', /has not run/);
    // The native API takes Bearer only.
    const native = await t.server.inject({ method: 'GET', url: `/api/v1/deploy-tasks/${task.id}`, headers: adminX });
    assert.equal(native.statusCode, 401);
  });
});
