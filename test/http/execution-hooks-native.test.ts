/** The native API of the execution-hook family: /api/v1/hook-sources, /execution-hooks, settings and hook runs. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { astraWorld, applyPod, b64, waitReady, type AstraWorld } from '../astra/astra-world.ts';

describe('native execution-hook API', () => {
  let w: AstraWorld;
  let sourceId: string;
  before(async () => {
    w = await astraWorld();
    applyPod(w.kube, { name: 'api-0', labels: { tier: 'api' }, containers: [{ name: 'api', image: 'registry.example/api:1' }] });
    await waitReady(w.kube, ['api-0']);
    const res = await w.native('POST', '/api/v1/hook-sources', { name: 'freeze', source: b64('#!/bin/sh\nsync\n'), description: 'flush' });
    assert.equal(res.statusCode, 201, res.body);
    sourceId = res.json().id;
  });
  after(async () => { await w.close(); });

  const body = (overrides: Record<string, unknown> = {}) => ({
    name: `n-${Math.random().toString(36).slice(2, 8)}`, applicationId: w.appId, action: 'update-image', stage: 'pre', hookSourceId: sourceId,
    matchingCriteria: [{ type: 'podLabel', value: '^tier=api$' }], arguments: ['x'], ...overrides,
  });

  test('hook sources: created with their checksum, listed with the preloaded ones, preloaded ones read-only', async () => {
    const got = (await w.native('GET', `/api/v1/hook-sources/${sourceId}`)).json();
    assert.equal(got.sourceMd5.length, 32);
    assert.equal(got.preloaded, false);
    const list = (await w.native('GET', '/api/v1/hook-sources?limit=200')).json();
    const preloaded = list.items.filter((s: { preloaded: boolean }) => s.preloaded);
    assert.equal(preloaded.length, 2);
    const refused = await w.native('DELETE', `/api/v1/hook-sources/${preloaded[0].id}`);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'READ_ONLY_RESOURCE');
    const bad = await w.native('POST', '/api/v1/hook-sources', { name: 'crlf', source: b64('a\r\n') });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().errors.map((e: { pointer: string }) => e.pointer), ['/body/source']);
  });

  test('execution hooks: create, get with the containers it would run in, replace, delete', async () => {
    const created = await w.native('POST', '/api/v1/execution-hooks', body({ failureMode: 'hard', timeoutSeconds: 30 }));
    assert.equal(created.statusCode, 201, created.body);
    const hook = created.json();
    assert.equal(hook.enabled, true);
    assert.equal(hook.timeoutSeconds, 30);
    const got = (await w.native('GET', `/api/v1/execution-hooks/${hook.id}`)).json();
    assert.deepEqual(got.matches, { containers: [{ namespace: 'payroll-prod', podName: 'api-0', podLabels: { 'app.kubernetes.io/instance': 'payroll', tier: 'api' }, containerName: 'api', containerImage: 'registry.example/api:1' }], images: ['registry.example/api:1'] });
    const replaced = await w.native('PUT', `/api/v1/execution-hooks/${hook.id}`, body({ name: hook.name, stage: 'post', timeoutSeconds: null }));
    assert.equal(replaced.statusCode, 200, replaced.body);
    assert.equal(replaced.json().stage, 'post');
    assert.equal(replaced.json().timeoutSeconds, null);
    const listed = (await w.native('GET', `/api/v1/execution-hooks?applicationId=${w.appId}`)).json();
    assert.deepEqual(listed.items.map((h: { id: string }) => h.id), [hook.id]);
    assert.equal((await w.native('DELETE', `/api/v1/execution-hooks/${hook.id}`)).statusCode, 204);
    assert.equal((await w.native('GET', `/api/v1/execution-hooks/${hook.id}`)).statusCode, 404);
  });

  test('errors name the native fields (applicationId, hookSourceId)', async () => {
    const app = await w.native('POST', '/api/v1/execution-hooks', body({ applicationId: 'nope' }));
    assert.equal(app.statusCode, 404);
    assert.deepEqual(app.json().errors, [{ pointer: '/body/applicationId', detail: 'names no application of this account' }]);
    const src = await w.native('POST', '/api/v1/execution-hooks', body({ hookSourceId: 'nope' }));
    assert.deepEqual(src.json().errors.map((e: { pointer: string }) => e.pointer), ['/body/hookSourceId']);
    const created = (await w.native('POST', '/api/v1/execution-hooks', body())).json();
    const other = (await w.native('POST', '/api/v1/applications', { name: 'other', clusterId: w.clusterId, namespace: 'other' })).json();
    const moved = await w.native('PUT', `/api/v1/execution-hooks/${created.id}`, body({ name: created.name, applicationId: other.id }));
    assert.equal(moved.statusCode, 409);
    assert.equal(moved.json().code, 'FIELD_IMMUTABLE');
    assert.deepEqual(moved.json().errors.map((e: { pointer: string }) => e.pointer), ['/body/applicationId']);
    const netapp = (await w.native('GET', '/api/v1/execution-hooks?limit=200')).json().items.find((h: { hookType: string }) => h.hookType === 'netapp');
    const readOnly = await w.native('DELETE', `/api/v1/execution-hooks/${netapp.id}`);
    assert.equal(readOnly.statusCode, 403);
    assert.equal(readOnly.json().code, 'NETAPP_HOOK_READ_ONLY');
    assert.equal((await w.native('DELETE', `/api/v1/execution-hooks/${created.id}`)).statusCode, 204);
  });

  test('the account switch reads and writes; hook runs of unknown owners are 404', async () => {
    assert.deepEqual((await w.native('GET', '/api/v1/execution-hook-settings')).json(), { enabled: true });
    const viewer = await w.t.tokenFor('member');
    const denied = await w.t.server.inject({ method: 'PUT', url: '/api/v1/execution-hook-settings', headers: viewer, payload: { enabled: false } });
    assert.equal(denied.statusCode, 403);
    assert.equal((await w.native('GET', '/api/v1/operations/nope/hook-runs')).statusCode, 404);
    assert.equal((await w.native('GET', '/api/v1/operations/nope')).statusCode, 404);
    const record = await w.native('GET', '/api/v1/deploy-records/nope/hook-runs');
    assert.equal(record.statusCode, 404);
    assert.equal(record.json().code, 'RECORD_NOT_FOUND');
    assert.equal((await w.native('GET', '/api/v1/hook-runs/nope')).statusCode, 404);
  });

  test('hook overrides: switch a provided hook off per application, page, change, delete; the Astra surface sees the same', async () => {
    const hooks = (await w.native('GET', '/api/v1/execution-hooks?limit=200')).json().items as { id: string; hookType: string }[];
    const [first, second] = hooks.filter((h) => h.hookType === 'netapp');
    assert.ok(first && second, 'two NetApp-provided hooks');
    const base = `/api/v1/applications/${w.appId}/hook-overrides`;
    const created = await w.native('POST', base, { executionHookId: first.id, enabled: false });
    assert.equal(created.statusCode, 201, created.body);
    const override = created.json();
    assert.equal(override.enabled, false);
    assert.equal(override.applicationId, w.appId);
    assert.match(String(created.headers.location), new RegExp(`${base}/${override.id}$`));
    const twice = await w.native('POST', base, { executionHookId: first.id, enabled: true });
    assert.equal(twice.statusCode, 409);
    assert.equal((await w.native('POST', base, { executionHookId: second.id, enabled: false })).statusCode, 201);
    const page1 = (await w.native('GET', `${base}?limit=1`)).json();
    assert.equal(page1.items.length, 1);
    assert.notEqual(page1.nextCursor, null);
    const page2 = (await w.native('GET', `${base}?limit=1&cursor=${page1.nextCursor}`)).json();
    assert.equal(page2.nextCursor, null);
    assert.deepEqual(new Set([...page1.items, ...page2.items].map((o: { executionHookId: string }) => o.executionHookId)), new Set([first.id, second.id]));

    const changed = await w.native('PUT', `${base}/${override.id}`, { enabled: true });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().enabled, true);
    assert.equal((await w.native('GET', `${base}/${override.id}`)).json().enabled, true);
    const astra = await w.astra('GET', `/k8s/v1/apps/${w.appId}/executionHookOverrides/${override.id}`);
    assert.equal(astra.json().enabled, 'true', astra.body);

    const custom = await w.native('POST', base, { executionHookId: 'nope', enabled: false });
    assert.equal(custom.statusCode, 404);
    assert.deepEqual(custom.json().errors.map((e: { pointer: string }) => e.pointer), ['/body/executionHookId']);
    assert.equal((await w.native('POST', base, { executionHookId: first.id })).statusCode, 400);
    assert.equal((await w.native('GET', '/api/v1/applications/nope/hook-overrides')).json().code, 'APPLICATION_NOT_FOUND');
    const viewer = await w.t.tokenFor('viewer');
    const denied = await w.t.server.inject({ method: 'DELETE', url: `${base}/${override.id}`, headers: viewer });
    assert.equal(denied.statusCode, 403);
    assert.equal((await w.native('DELETE', `${base}/${override.id}`)).statusCode, 204);
    assert.equal((await w.native('GET', `${base}/${override.id}`)).statusCode, 404);
    assert.equal((await w.native('DELETE', `${base}/${override.id}`)).statusCode, 404);
  });
});
