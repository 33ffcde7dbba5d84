/**
 * The NetApp Astra execution-hook surface (seed-apis.md §4, the zh-TW seed): shapes, media types, collections,
 * ETag/If-Match, overrides, NetApp-provided hooks, and every problem number of §4.4 produced by a real request.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { astraWorld, applyPod, b64, waitReady, type AstraWorld } from './astra-world.ts';

const SOURCE_MEDIA = 'application/astra-hookSource';
const HOOK_MEDIA = 'application/astra-executionHook';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Asserts an Astra problem: HTTP status, `type` …/problems/<n>, string `status`, and returns the body. */
function problem(res: LightMyRequestResponse, n: number, status: number): Record<string, unknown> {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  assert.equal(body.type, `https://astra.netapp.io/problems/${n}`, res.body);
  assert.equal(body.status, String(status));
  assert.equal(typeof body.correlationID, 'string');
  assert.ok(!/\bat .*\.ts:\d+/.test(res.body), 'no stack trace');
  return body;
}

// The seed's sample request (astra-create-execution-hook.zh-TW.txt), with the ids of this test's source and app.
const seedRequest = (hookSourceID: string, appID: string) => ({
  type: 'application/astra-executionHook',
  version: '1.2',
  name: 'Payroll',
  hookType: 'custom',
  action: 'snapshot',
  stage: 'pre',
  hookSourceID,
  arguments: ['freeze'],
  appID,
  enabled: 'true',
  description: 'Payroll production hook',
});

// The seed's sample response (same substitutions; id, timestamps and createdBy are the server's).
const seedResponse = (hookSourceID: string, appID: string) => ({
  type: 'application/astra-executionHook',
  version: '1.2',
  id: '946e60cb-980b-5374-9e6e-9fe1f6780352',
  name: 'Payroll',
  hookType: 'custom',
  matchingCriteria: [],
  action: 'snapshot',
  stage: 'pre',
  hookSourceID,
  arguments: ['freeze'],
  appID,
  enabled: 'true',
  description: 'Payroll production hook',
  metadata: { labels: [], creationTimestamp: '2022-10-06T20:58:16.305662Z', modificationTimestamp: '2022-10-06T20:58:16.305662Z', createdBy: '8f84cf09-8036-51e4-b579-bd30cb07b269' },
});

describe('Astra execution hooks, hook sources and overrides', () => {
  let w: AstraWorld;
  let sourceId: string;
  const hook = (overrides: Record<string, unknown> = {}) => ({ ...seedRequest(sourceId, w.appId), name: `h-${Math.random().toString(36).slice(2, 10)}`, ...overrides });
  const createHook = async (overrides: Record<string, unknown> = {}) => {
    const res = await w.astra('POST', '/core/v1/executionHooks', hook(overrides));
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as Record<string, unknown> & { id: string };
  };

  before(async () => {
    w = await astraWorld();
    applyPod(w.kube, { name: 'payroll-master-0', labels: { app: 'payroll', tier: 'db' }, containers: [{ name: 'mariadb', image: 'registry.example/payroll/mariadb:10.11' }, { name: 'log-agent', image: 'registry.example/log-agent:1' }] });
    applyPod(w.kube, { name: 'payroll-worker-1', labels: { app: 'payroll', tier: 'worker' }, containers: [{ name: 'worker', image: 'registry.example/payroll/worker:2.4' }] });
    await waitReady(w.kube, ['payroll-master-0', 'payroll-worker-1']);
    const res = await w.astra('POST', '/core/v1/hookSources', { type: SOURCE_MEDIA, version: '1.0', name: 'payroll-script', sourceType: 'script', source: b64('#!/bin/sh\necho "$@"\n') });
    assert.equal(res.statusCode, 201, res.body);
    sourceId = res.json().id;
  });
  after(async () => { await w.close(); });

  test('the seed\'s sample request returns the seed\'s sample response shape (201, Location, ETag)', async () => {
    const res = await w.astra('POST', '/core/v1/executionHooks', seedRequest(sourceId, w.appId), { ...w.t.admin, 'content-type': `${HOOK_MEDIA}+json`, accept: `${HOOK_MEDIA}+json` });
    assert.equal(res.statusCode, 201, res.body);
    assert.match(String(res.headers['content-type']), /^application\/astra-executionHook\+json/);
    const body = res.json();
    assert.equal(res.headers.location, `http://capstan.test/accounts/${w.t.accountId}/core/v1/executionHooks/${body.id}`);
    assert.match(String(res.headers.etag), /^"[0-9a-f]{32}"$/);
    const expected = seedResponse(sourceId, w.appId);
    // Every field of the sample, with the same type and — but for server-made values — the same value.
    for (const [key, value] of Object.entries(expected)) {
      assert.ok(key in body, `response lacks ${key}`);
      if (key === 'id') assert.match(body.id, UUID);
      else if (key === 'metadata') {
        assert.deepEqual(Object.keys(body.metadata).sort(), Object.keys(value as object).sort());
        assert.deepEqual(body.metadata.labels, []);
        assert.match(body.metadata.creationTimestamp, RFC3339);
        assert.equal(body.metadata.modificationTimestamp, body.metadata.creationTimestamp);
        assert.match(body.metadata.createdBy, UUID);
      } else assert.deepEqual(body[key], value, key);
    }
    // …and nothing else but the match preview the response schema also documents.
    assert.deepEqual(Object.keys(body).filter((k) => !(k in expected)).sort(), ['matchingContainers', 'matchingImages']);
    assert.equal(body.matchingContainers.length, 3, 'no criteria: every container of the app');
    assert.deepEqual([...body.matchingImages].sort(), ['registry.example/log-agent:1', 'registry.example/payroll/mariadb:10.11', 'registry.example/payroll/worker:2.4']);

    const got = await w.astra('GET', `/core/v1/executionHooks/${body.id}`);
    assert.equal(got.statusCode, 200);
    const { matchingContainers: _a, matchingImages: _b, ...stored } = got.json();
    const { matchingContainers: _c, matchingImages: _d, ...created } = body;
    assert.deepEqual(stored, created);
    assert.equal(got.headers.etag, res.headers.etag);
  });

  test('GET recomputes matchingContainers and matchingImages from the app\'s live pods and the criteria', async () => {
    const created = await createHook({ matchingCriteria: [{ type: 'containerImage', value: 'payroll' }, { type: 'podLabel', value: '^tier=(db|api)$' }] });
    const first = (await w.astra('GET', `/core/v1/executionHooks/${created.id}`)).json();
    assert.deepEqual(first.matchingContainers, [{
      podName: 'payroll-master-0', podLabels: [{ name: 'app.kubernetes.io/instance', value: 'payroll' }, { name: 'app', value: 'payroll' }, { name: 'tier', value: 'db' }],
      containerImage: 'registry.example/payroll/mariadb:10.11', containerName: 'mariadb', namespaceName: 'payroll-prod',
    }]);
    assert.deepEqual(first.matchingImages, ['registry.example/payroll/mariadb:10.11']);
    applyPod(w.kube, { name: 'payroll-api-1', labels: { tier: 'api' }, containers: [{ name: 'api', image: 'registry.example/payroll/api:3' }] });
    await waitReady(w.kube, ['payroll-api-1']);
    const second = (await w.astra('GET', `/core/v1/executionHooks/${created.id}`)).json();
    assert.deepEqual(second.matchingContainers.map((c: { podName: string }) => c.podName), ['payroll-api-1', 'payroll-master-0']);
    assert.deepEqual(second.matchingImages, ['registry.example/payroll/api:3', 'registry.example/payroll/mariadb:10.11']);
    w.kube.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'payroll-api-1', namespace: 'payroll-prod', labels: { tier: 'gone' } }, spec: { containers: [{ name: 'api', image: 'x' }] } });
  });

  test('versions 1.0 to 1.3 are accepted and echoed; PUT stores the version it was sent with', async () => {
    for (const version of ['1.0', '1.1', '1.2', '1.3']) {
      const created = await createHook({ version });
      assert.equal(created.version, version);
      assert.equal((await w.astra('GET', `/core/v1/executionHooks/${created.id}`)).json().version, version);
    }
    const created = await createHook({ version: '1.0' });
    assert.equal((await w.astra('PUT', `/core/v1/executionHooks/${created.id}`, { type: HOOK_MEDIA, version: '1.3', description: 'v13' })).statusCode, 204);
    const got = (await w.astra('GET', `/core/v1/executionHooks/${created.id}`)).json();
    assert.equal(got.version, '1.3');
    assert.equal(got.description, 'v13');
    assert.equal(got.name, created.name, 'fields left out keep their values');
    problem(await w.astra('POST', '/core/v1/executionHooks', hook({ version: '1.4' })), 8, 400);
  });

  test('Capstan extensions: deploy actions take pre and post hooks; failureMode and timeoutSeconds round-trip', async () => {
    for (const action of ['redeploy', 'update-image', 'deploy', 'rollback']) {
      for (const stage of ['pre', 'post']) {
        const created = await createHook({ action, stage, failureMode: 'hard', timeoutSeconds: 90 });
        assert.equal(created.action, action);
        assert.equal(created.failureMode, 'hard');
        assert.equal(created.timeoutSeconds, 90);
      }
    }
    const soft = await createHook();
    assert.equal('failureMode' in soft, false, 'the default (soft) is not shown: the seed shape stays exact');
    assert.equal('timeoutSeconds' in soft, false);
  });

  test('PUT: If-Match must be the current ETag; the ETag changes with every write', async () => {
    const created = await createHook();
    const etag = String((await w.astra('GET', `/core/v1/executionHooks/${created.id}`)).headers.etag);
    const stale = await w.astra('PUT', `/core/v1/executionHooks/${created.id}`, { type: HOOK_MEDIA, version: '1.2', arguments: ['thaw'] }, { ...w.t.admin, 'if-match': '"0123456789abcdef0123456789abcdef"' });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().type, 'https://capstan.dev/problems/etag-mismatch');
    const ok = await w.astra('PUT', `/core/v1/executionHooks/${created.id}`, { type: HOOK_MEDIA, version: '1.2', arguments: ['thaw'] }, { ...w.t.admin, 'if-match': etag });
    assert.equal(ok.statusCode, 204, ok.body);
    const after = await w.astra('GET', `/core/v1/executionHooks/${created.id}`);
    assert.deepEqual(after.json().arguments, ['thaw']);
    assert.notEqual(after.headers.etag, etag);
    assert.equal((await w.astra('PUT', `/core/v1/executionHooks/${created.id}`, { type: HOOK_MEDIA, version: '1.2', enabled: 'false' }, { ...w.t.admin, 'if-match': etag })).statusCode, 409);
  });

  test('lists take include, limit and filter (eq lt gt lte gte in)', async () => {
    const a = await createHook({ name: 'list-a', stage: 'pre', action: 'backup' });
    const b = await createHook({ name: 'list-b', stage: 'post', action: 'backup' });
    await createHook({ name: 'list-c', stage: 'post', action: 'restore' });
    const names = async (query: string) => {
      const res = await w.astra('GET', `/core/v1/executionHooks?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.type, 'application/astra-executionHooks');
      return (body.items as { name: string }[]).map((i) => i.name);
    };
    assert.deepEqual(await names(`filter=${encodeURIComponent("action eq 'backup'")}`), ['list-a', 'list-b']);
    assert.deepEqual(await names(`filter=${encodeURIComponent("action eq 'backup',stage eq 'post'")}`), ['list-b']);
    assert.deepEqual(await names(`filter=${encodeURIComponent("name in ('list-a','list-c') and stage gte 'pre'")}`), ['list-a']);
    assert.deepEqual(await names(`filter=${encodeURIComponent("name gt 'list-a', name lte 'list-c'")}`), ['list-b', 'list-c']);
    assert.deepEqual(await names(`filter=${encodeURIComponent("name lt 'list-b', name gte 'list-a'")}`), ['list-a']);
    assert.deepEqual(await names(`filter=${encodeURIComponent(`metadata.creationTimestamp gte '${(a.metadata as { creationTimestamp: string }).creationTimestamp}', action eq 'backup'`)}`), ['list-a', 'list-b']);
    assert.deepEqual(await names(`limit=1&filter=${encodeURIComponent("action eq 'backup'")}`), ['list-a']);
    const included = await w.astra('GET', `/core/v1/executionHooks?include=id,name,stage&filter=${encodeURIComponent("action eq 'backup'")}`);
    assert.deepEqual(included.json().items, [[a.id, 'list-a', 'pre'], [b.id, 'list-b', 'post']]);
    const accepted = await w.astra('GET', '/core/v1/executionHooks?limit=1', undefined, { ...w.t.admin, accept: 'application/astra-executionHooks+json; version=1.1' });
    assert.match(String(accepted.headers['content-type']), /^application\/astra-executionHooks\+json/);
    assert.equal(accepted.json().version, '1.1');
  });

  test('the app-scoped routes: create takes the app from the path; an app sees only its own hooks', async () => {
    const { appID: _omit, ...body } = hook({ name: 'app-scoped' });
    const res = await w.astra('POST', `/k8s/v1/apps/${w.appId}/executionHooks`, body);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().appID, w.appId);
    assert.equal(res.headers.location, `http://capstan.test/accounts/${w.t.accountId}/k8s/v1/apps/${w.appId}/executionHooks/${res.json().id}`);
    const listed = (await w.astra('GET', `/k8s/v1/apps/${w.appId}/executionHooks?filter=${encodeURIComponent("name eq 'app-scoped'")}`)).json();
    assert.equal(listed.items.length, 1);
    assert.equal((await w.astra('GET', `/k8s/v1/apps/${w.appId}/executionHooks/${res.json().id}`)).statusCode, 200);
    const other = await w.native('POST', '/api/v1/applications', { name: 'other', clusterId: w.clusterId, namespace: 'other' });
    problem(await w.astra('GET', `/k8s/v1/apps/${other.json().id}/executionHooks/${res.json().id}`), 2, 404);
    problem(await w.astra('DELETE', `/k8s/v1/apps/${other.json().id}/executionHooks/${res.json().id}`), 1, 404);
    problem(await w.astra('POST', `/k8s/v1/apps/${w.appId}/executionHooks`, { ...body, name: 'mismatch', appID: other.json().id }), 9, 400);
    assert.equal((await w.astra('DELETE', `/k8s/v1/apps/${w.appId}/executionHooks/${res.json().id}`)).statusCode, 204);
  });

  test('hook sources: sourceMD5Checksum is the MD5 of the base64 text as sent (NetApp toolkit sample)', async () => {
    const source = 'IyEvYmluL2Jhc2gKZWNobyAidGhpcyBpcyBqdXN0IGFuIGV4YW1wbGUi';
    const res = await w.astra('POST', '/core/v1/hookSources', { type: SOURCE_MEDIA, version: '1.0', name: 'toolkit-sample', sourceType: 'script', source, description: 'sample' },
      { ...w.t.admin, 'content-type': `${SOURCE_MEDIA}+json` });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.sourceMD5Checksum, '8ad9d02befca7ef9a0fd51f7ec4aebe7');
    assert.equal(body.private, 'false');
    assert.equal(body.preloaded, 'false');
    assert.equal(body.source, source);
    const put = await w.astra('PUT', `/core/v1/hookSources/${body.id}`, { type: SOURCE_MEDIA, version: '1.0', source: b64('#!/bin/sh\nexit 0\n') });
    assert.equal(put.statusCode, 204, put.body);
    const got = (await w.astra('GET', `/core/v1/hookSources/${body.id}`)).json();
    assert.equal(got.sourceMD5Checksum, createHash('md5').update(b64('#!/bin/sh\nexit 0\n')).digest('hex'));
    assert.notEqual(got.sourceMD5Checksum, body.sourceMD5Checksum, 'recomputed on replace');
    assert.equal((await w.astra('DELETE', `/core/v1/hookSources/${body.id}`)).statusCode, 204);
  });

  test('NetApp-provided hooks exist for mariadb, mysql and postgresql images, read-only, with preloaded sources', async () => {
    const listed = (await w.astra('GET', `/core/v1/executionHooks?filter=${encodeURIComponent("hookType eq 'netapp'")}`)).json().items;
    assert.deepEqual(listed.map((h: { matchingCriteria: unknown }) => h.matchingCriteria).sort((x: unknown, y: unknown) => JSON.stringify(x).localeCompare(JSON.stringify(y))), [
      [{ type: 'containerImage', value: '\\bmariadb\\b' }], [{ type: 'containerImage', value: '\\bmysql\\b' }], [{ type: 'containerImage', value: '\\bpostgresql\\b' }],
    ]);
    for (const h of listed) assert.equal('appID' in h, false);
    const sources = (await w.astra('GET', `/core/v1/hookSources?filter=${encodeURIComponent("preloaded eq 'true'")}`)).json().items;
    assert.equal(sources.length, 2);
    assert.ok(listed.every((h: { hookSourceID: string }) => sources.some((s: { id: string }) => s.id === h.hookSourceID)));
  });

  test('overrides switch a NetApp-provided hook per application', async () => {
    const netapp = (await w.astra('GET', `/core/v1/executionHooks?filter=${encodeURIComponent("name eq 'netapp-mysql-pre-snapshot'")}`)).json().items[0];
    const base = `/k8s/v1/apps/${w.appId}/executionHookOverrides`;
    const res = await w.astra('POST', base, { type: 'application/astra-executionHookOverride', version: '1.0', executionHookID: netapp.id, enabled: 'false' });
    assert.equal(res.statusCode, 201, res.body);
    const override = res.json();
    assert.deepEqual({ ...override, id: '', metadata: null }, { type: 'application/astra-executionHookOverride', version: '1.0', id: '', executionHookID: netapp.id, appID: w.appId, enabled: 'false', metadata: null });
    problem(await w.astra('POST', base, { type: 'application/astra-executionHookOverride', version: '1.0', executionHookID: netapp.id, enabled: 'true' }), 9, 400);
    const custom = await createHook();
    problem(await w.astra('POST', base, { type: 'application/astra-executionHookOverride', version: '1.0', executionHookID: custom.id, enabled: 'false' }), 9, 400);
    assert.equal((await w.astra('GET', base)).json().items.length, 1);
    assert.equal((await w.astra('PUT', `${base}/${override.id}`, { type: 'application/astra-executionHookOverride', version: '1.0', enabled: 'true' })).statusCode, 204);
    assert.equal((await w.astra('GET', `${base}/${override.id}`)).json().enabled, 'true');
    problem(await w.astra('PUT', `${base}/${override.id}`, { type: 'application/astra-executionHookOverride', version: '1.0', executionHookID: custom.id }), 10, 409);
    assert.equal((await w.astra('DELETE', `${base}/${override.id}`)).statusCode, 204);
    problem(await w.astra('GET', `${base}/${override.id}`), 2, 404);
  });

  describe('every problem of §4.4 comes from a real request', () => {
    test('1: PUT or DELETE of a hook or source that does not exist', async () => {
      problem(await w.astra('PUT', '/core/v1/executionHooks/00000000-0000-4000-8000-000000000000', { type: HOOK_MEDIA, version: '1.2' }), 1, 404);
      problem(await w.astra('DELETE', '/core/v1/executionHooks/00000000-0000-4000-8000-000000000000'), 1, 404);
      problem(await w.astra('DELETE', '/core/v1/hookSources/00000000-0000-4000-8000-000000000000'), 1, 404);
    });

    test('2: GET of a hook that does not exist, and any collection of another account', async () => {
      problem(await w.astra('GET', '/core/v1/executionHooks/00000000-0000-4000-8000-000000000000'), 2, 404);
      problem(await w.t.server.inject({ method: 'GET', url: '/accounts/someone-else/core/v1/executionHooks', headers: w.t.admin }), 2, 404);
      problem(await w.astra('POST', '/k8s/v1/apps/00000000-0000-4000-8000-000000000000/appSnaps', { type: 'application/astra-appSnap', version: '1.3' }), 2, 404);
    });

    test('3 and 4: no bearer token, and an invalid one', async () => {
      problem(await w.astra('GET', '/core/v1/executionHooks', undefined, {}), 3, 401);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook(), { authorization: 'Bearer nope-not-a-token' }), 4, 401);
    });

    test('5: query parameters that do not parse, naming them in invalidParams', async () => {
      const limit = problem(await w.astra('GET', '/core/v1/executionHooks?limit=0'), 5, 400);
      assert.equal((limit.invalidParams as { name: string }[])[0]!.name, 'limit');
      problem(await w.astra('GET', '/core/v1/executionHooks?include=id,,name'), 5, 400);
      problem(await w.astra('GET', `/core/v1/executionHooks?filter=${encodeURIComponent("name eq unquoted")}`), 5, 400);
      problem(await w.astra('GET', `/core/v1/executionHooks?filter=${encodeURIComponent("nosuchfield eq 'x'")}`), 5, 400);
      problem(await w.astra('GET', '/core/v1/executionHooks?include=nosuchfield'), 5, 400);
    });

    test('6: query parameters these endpoints do not support, and filter operators other than eq lt gt lte gte in', async () => {
      const body = problem(await w.astra('GET', '/core/v1/executionHooks?orderBy=name&skip=1'), 6, 400);
      assert.deepEqual((body.invalidParams as { name: string }[]).map((p) => p.name).sort(), ['orderBy', 'skip']);
      problem(await w.astra('GET', '/core/v1/hookSources?count=true'), 6, 400);
      problem(await w.astra('GET', `/core/v1/executionHooks?filter=${encodeURIComponent("name ne 'x'")}`), 6, 400);
      problem(await w.astra('GET', `/core/v1/executionHooks/${sourceId}?include=id`), 6, 400);
    });

    test('7: a body that is not JSON', async () => {
      problem(await w.astra('POST', '/core/v1/executionHooks', '{"type": "application/astra-executionHook",', { ...w.t.admin, 'content-type': `${HOOK_MEDIA}+json` }), 7, 400);
    });

    test('8: a body that does not conform to the schema (enums, lengths, counts)', async () => {
      const missing = problem(await w.astra('POST', '/core/v1/executionHooks', { ...hook(), name: undefined }), 8, 400);
      assert.match(String(missing.schemaValidationFailure), /name/);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ stage: 'during' })), 8, 400);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ action: 'clone' })), 8, 400);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ enabled: true })), 8, 400);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ name: 'x'.repeat(64) })), 8, 400);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ matchingCriteria: Array.from({ length: 11 }, (_, i) => ({ type: 'podName', value: `p${i}` })) })), 8, 400);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ matchingCriteria: [{ type: 'podAnnotation', value: 'x' }] })), 8, 400);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ arguments: Array.from({ length: 17 }, (_, i) => `a${i}`) })), 8, 400);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ arguments: ['x'.repeat(128)] })), 8, 400);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ description: 'd'.repeat(512) })), 8, 400);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ type: 'application/astra-hookSource' })), 8, 400);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ surprise: 1 })), 8, 400);
      problem(await w.astra('POST', '/core/v1/hookSources', { type: SOURCE_MEDIA, version: '1.0', name: 'big', sourceType: 'script', source: 'A'.repeat(131_076) }), 8, 400);
      // The limits themselves are accepted.
      await createHook({ matchingCriteria: Array.from({ length: 10 }, (_, i) => ({ type: 'podName', value: `p${i}|` })), arguments: Array.from({ length: 16 }, (_, i) => `${i}`.padEnd(127, 'x')), name: 'n'.repeat(63) });
    });

    test('9: a body that fails extended validation, naming the fields in invalidFields', async () => {
      const stage = problem(await w.astra('POST', '/core/v1/executionHooks', hook({ action: 'restore', stage: 'pre' })), 9, 400);
      assert.deepEqual(stage.invalidFields, [{ name: 'stage', reason: 'restore hooks run only at the post stage' }]);
      await createHook({ action: 'restore', stage: 'post' });
      const regex = problem(await w.astra('POST', '/core/v1/executionHooks', hook({ matchingCriteria: [{ type: 'podName', value: 'ok' }, { type: 'podName', value: '(?<!x)y' }] })), 9, 400);
      assert.equal((regex.invalidFields as { name: string }[])[0]!.name, 'matchingCriteria[1].value');
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ matchingCriteria: [{ type: 'podName', value: 'a' }, { type: 'podName', value: 'a' }] })), 9, 400);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ arguments: ['freeze', 'freeze'] })), 9, 400);
      const dup = problem(await w.astra('POST', '/core/v1/executionHooks', hook({ name: 'Payroll' })), 9, 400);
      assert.equal((dup.invalidFields as { name: string }[])[0]!.name, 'name');
      const app = problem(await w.astra('POST', '/core/v1/executionHooks', hook({ appID: '00000000-0000-4000-8000-000000000000' })), 9, 400);
      assert.equal((app.invalidFields as { name: string }[])[0]!.name, 'appID');
      const src = problem(await w.astra('POST', '/core/v1/executionHooks', hook({ hookSourceID: '00000000-0000-4000-8000-000000000000' })), 9, 400);
      assert.equal((src.invalidFields as { name: string }[])[0]!.name, 'hookSourceID');
      const cr = problem(await w.astra('POST', '/core/v1/hookSources', { type: SOURCE_MEDIA, version: '1.0', name: 'crlf', sourceType: 'script', source: b64('#!/bin/sh\r\necho\r\n') }), 9, 400);
      assert.equal((cr.invalidFields as { name: string }[])[0]!.name, 'source');
      problem(await w.astra('POST', '/core/v1/hookSources', { type: SOURCE_MEDIA, version: '1.0', name: 'bin', sourceType: 'script', source: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]).toString('base64') }), 9, 400);
      problem(await w.astra('POST', '/core/v1/hookSources', { type: SOURCE_MEDIA, version: '1.0', name: 'payroll-script', sourceType: 'script', source: '' }), 9, 400);
    });

    test('10: a PUT that changes id, hookType or appID', async () => {
      const created = await createHook();
      for (const change of [{ hookType: 'netapp' }, { appID: '00000000-0000-4000-8000-000000000000' }, { id: '00000000-0000-4000-8000-000000000000' }]) {
        const body = problem(await w.astra('PUT', `/core/v1/executionHooks/${created.id}`, { type: HOOK_MEDIA, version: '1.2', ...change }), 10, 409);
        assert.deepEqual((body.invalidFields as { name: string }[]).map((f) => f.name), Object.keys(change));
      }
    });

    test('11: a role that may not write', async () => {
      const viewer = await w.t.tokenFor('viewer');
      problem(await w.astra('POST', '/core/v1/executionHooks', hook(), viewer), 11, 403);
      assert.equal((await w.astra('GET', '/core/v1/executionHooks', undefined, viewer)).statusCode, 200);
    });

    test('71: preloaded hook sources are read-only', async () => {
      const preloaded = (await w.astra('GET', `/core/v1/hookSources?filter=${encodeURIComponent("preloaded eq 'true'")}`)).json().items[0];
      problem(await w.astra('DELETE', `/core/v1/hookSources/${preloaded.id}`), 71, 403);
      problem(await w.astra('PUT', `/core/v1/hookSources/${preloaded.id}`, { type: SOURCE_MEDIA, version: '1.0', description: 'mine now' }), 71, 403);
    });

    test('72: a hook source an execution hook references cannot be deleted', async () => {
      const res = await w.astra('POST', '/core/v1/hookSources', { type: SOURCE_MEDIA, version: '1.0', name: 'in-use', sourceType: 'script', source: b64('#!/bin/sh\n') });
      const created = await createHook({ hookSourceID: res.json().id });
      problem(await w.astra('DELETE', `/core/v1/hookSources/${res.json().id}`), 72, 403);
      assert.equal((await w.astra('DELETE', `/core/v1/executionHooks/${created.id}`)).statusCode, 204);
      assert.equal((await w.astra('DELETE', `/core/v1/hookSources/${res.json().id}`)).statusCode, 204);
    });

    test('73: NetApp-provided hooks are read-only and cannot be created', async () => {
      const netapp = (await w.astra('GET', `/core/v1/executionHooks?filter=${encodeURIComponent("hookType eq 'netapp'")}`)).json().items[0];
      problem(await w.astra('PUT', `/core/v1/executionHooks/${netapp.id}`, { type: HOOK_MEDIA, version: '1.2', enabled: 'false' }), 73, 403);
      problem(await w.astra('DELETE', `/core/v1/executionHooks/${netapp.id}`), 73, 403);
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ hookType: 'netapp' })), 73, 403);
    });

    test('162: no application is eligible for post-failover hooks (Capstan does not replicate)', async () => {
      problem(await w.astra('POST', '/core/v1/executionHooks', hook({ action: 'failover', stage: 'post' })), 162, 409);
    });
  });
});

describe('Astra: the account switch (problems/168)', () => {
  let w: AstraWorld;
  before(async () => { w = await astraWorld(); });
  after(async () => { await w.close(); });

  test('switched off, every hook and hook-source call is 403 problems/168; it switches off only without custom hooks', async () => {
    const source = await w.astra('POST', '/core/v1/hookSources', { type: SOURCE_MEDIA, version: '1.0', name: 's', sourceType: 'script', source: b64('#!/bin/sh\n') });
    const created = await w.astra('POST', '/core/v1/executionHooks', seedRequest(source.json().id, w.appId));
    assert.equal(created.statusCode, 201, created.body);
    const refused = await w.native('PUT', '/api/v1/execution-hook-settings', { enabled: false });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'RESOURCE_IN_USE');
    assert.equal((await w.astra('DELETE', `/core/v1/executionHooks/${created.json().id}`)).statusCode, 204);
    assert.deepEqual((await w.native('PUT', '/api/v1/execution-hook-settings', { enabled: false })).json(), { enabled: false });

    problem(await w.astra('GET', '/core/v1/executionHooks'), 168, 403);
    problem(await w.astra('POST', '/core/v1/executionHooks', seedRequest(source.json().id, w.appId)), 168, 403);
    problem(await w.astra('GET', `/core/v1/hookSources/${source.json().id}`), 168, 403);
    problem(await w.astra('POST', '/core/v1/hookSources', { type: SOURCE_MEDIA, version: '1.0', name: 't', sourceType: 'script', source: '' }), 168, 403);
    problem(await w.astra('DELETE', `/core/v1/hookSources/${source.json().id}`), 168, 403);

    assert.deepEqual((await w.native('PUT', '/api/v1/execution-hook-settings', { enabled: true })).json(), { enabled: true });
    assert.equal((await w.astra('GET', '/core/v1/executionHooks')).statusCode, 200);
  });
});
