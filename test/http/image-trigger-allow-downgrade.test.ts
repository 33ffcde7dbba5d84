/**
 * `allowDowngrade` on image triggers (domain/downgrade-guard.ts) over the real server and a real SQLite store: the
 * native default (false), create/update/get, /openapi.json, and the Tencent surfaces — whose triggers keep
 * Tencent's fire-on-every-match semantics (true) and whose wire format does not change.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const CLUSTER = 'loop';

describe('image triggers: allowDowngrade', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
    await t.deps.store.clusters.insert({ id: CLUSTER, accountId: t.accountId, name: 'loop', kubeconfigCiphertext: t.deps.secrets.seal('unused'), server: 'http://127.0.0.1:1', createdAt: 1 });
  });
  after(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: t.admin, ...(payload ? { payload } : {}) });
  const body = (name: string) => ({
    name, repository: 'team/web', condition: { method: 'all' }, clusterId: CLUSTER, namespace: 'default', workloadName: 'web', containerName: 'web',
  });
  const v2 = async (params: Record<string, string | number>) => {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
    const res = await t.server.inject({ method: 'GET', url: `/v2/index.php?${query}`, headers: t.admin });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const nativeByName = async (name: string) => {
    const trigger = await t.deps.store.imageTriggers.getByName(t.accountId, name);
    assert.ok(trigger, name);
    return (await api('GET', `/api/v1/image-triggers/${trigger.id}`)).json();
  };

  test('native create defaults to false (the guard is on); true can be asked for; get returns it', async () => {
    const guarded = await api('POST', '/api/v1/image-triggers', body('guarded'));
    assert.equal(guarded.statusCode, 201, guarded.body);
    assert.equal(guarded.json().allowDowngrade, false);
    assert.equal((await api('GET', `/api/v1/image-triggers/${guarded.json().id}`)).json().allowDowngrade, false);
    const open = await api('POST', '/api/v1/image-triggers', { ...body('open'), allowDowngrade: true });
    assert.equal(open.statusCode, 201, open.body);
    assert.equal(open.json().allowDowngrade, true);
    assert.equal((await api('GET', `/api/v1/image-triggers/${open.json().id}`)).json().allowDowngrade, true);
    const bad = await api('POST', '/api/v1/image-triggers', { ...body('bad'), allowDowngrade: 'yes' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'VALIDATION_FAILED');
  });

  test('update changes it only when given', async () => {
    const { id } = (await api('POST', '/api/v1/image-triggers', body('toggled'))).json();
    const on = await api('PATCH', `/api/v1/image-triggers/${id}`, { allowDowngrade: true });
    assert.equal(on.statusCode, 200, on.body);
    assert.equal(on.json().allowDowngrade, true);
    const renamed = await api('PATCH', `/api/v1/image-triggers/${id}`, { name: 'toggled-2' });
    assert.equal(renamed.json().allowDowngrade, true, 'other changes keep it');
    assert.equal((await api('PATCH', `/api/v1/image-triggers/${id}`, { allowDowngrade: false })).json().allowDowngrade, false);
    assert.equal((await api('GET', `/api/v1/image-triggers/${id}`)).json().allowDowngrade, false);
  });

  test('triggers made through Tencent 2.0 and 3.0 allow downgrades; a Tencent modify keeps the setting; the wire shape is unchanged', async () => {
    const added = await v2({
      Action: 'AddUpdateServiceTrigger', triggerName: 'tencent-2', reponame: 'team/web', invokeMethod: 'all', invokeExpr: '',
      serviceName: 'web', clusterId: CLUSTER, namespace: 'default', containerName: 'web', clusterRegion: 1,
    });
    assert.equal(added.code, 0, added.message);
    assert.equal((await nativeByName('tencent-2')).allowDowngrade, true);

    const v3 = await t.server.inject({
      method: 'POST', url: '/', headers: { ...t.admin, 'x-tc-action': 'CreateApplicationTriggerPersonal', 'x-tc-version': '2019-09-24' },
      payload: { RepoName: 'team/web', TriggerName: 'tencent-3', InvokeMethod: 'all', ClusterId: CLUSTER, Namespace: 'default', WorkloadType: 'Deployment', WorkloadName: 'web', ContainerName: 'web', ClusterRegion: 1 },
    });
    assert.equal(v3.statusCode, 200, v3.body);
    assert.equal(v3.json().Response.Error, undefined, v3.body);
    assert.equal((await nativeByName('tencent-3')).allowDowngrade, true);

    // An operator turns the guard on natively; a later Tencent modify (which cannot say anything about it) keeps it.
    const { id } = await nativeByName('tencent-2');
    await api('PATCH', `/api/v1/image-triggers/${id}`, { allowDowngrade: false });
    assert.equal((await v2({ Action: 'ModifyUpdateServiceTrigger', triggerName: 'tencent-2', invokeMethod: 'taglist', invokeExpr: 'v1' })).code, 0);
    assert.equal((await nativeByName('tencent-2')).allowDowngrade, false);

    const listed = (await v2({ Action: 'ListTrigger', triggerName: 'tencent-2' })).data.triggerInfo[0];
    assert.ok(listed);
    assert.ok(!JSON.stringify(listed).toLowerCase().includes('downgrade'), 'Tencent views carry no new field');
  });

  test('/openapi.json documents it on create, update and the view', async () => {
    const doc = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    const schemaOf = (node: { $ref?: string } & Record<string, unknown>): Record<string, unknown> => {
      if (!node.$ref) return node;
      return doc.components.schemas[node.$ref.replace('#/components/schemas/', '')];
    };
    const create = doc.paths['/api/v1/image-triggers'].post;
    const createBody = schemaOf(create.requestBody.content['application/json'].schema) as { properties: Record<string, { type: string; description?: string }>; required?: string[] };
    assert.equal(createBody.properties['allowDowngrade']?.type, 'boolean');
    assert.match(createBody.properties['allowDowngrade']?.description ?? '', /default false/);
    assert.ok(!(createBody.required ?? []).includes('allowDowngrade'));
    const update = doc.paths['/api/v1/image-triggers/{id}'].patch;
    const updateBody = schemaOf(update.requestBody.content['application/json'].schema) as { properties: Record<string, { type: string }> };
    assert.equal(updateBody.properties['allowDowngrade']?.type, 'boolean');
    const view = schemaOf(doc.paths['/api/v1/image-triggers/{id}'].get.responses['200'].content['application/json'].schema) as { properties: Record<string, { type: string }>; required: string[] };
    assert.equal(view.properties['allowDowngrade']?.type, 'boolean');
    assert.ok(view.required.includes('allowDowngrade'));
  });
});
