/**
 * Native image-trigger and trigger-log API (/api/v1/image-triggers, /api/v1/trigger-logs) over the real server and
 * a real SQLite store: CRUD with rename, validation in problem+json, preview, the log's filters and keyset paging,
 * and log rows following their deploy record's outcome.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startRecord } from '../../src/app/records/start-record.ts';
import { aTriggerLog, anImageTrigger } from '../contracts/image-trigger-repos.contract.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const CLUSTER = 'loop';

describe('native image triggers and trigger logs', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
    await t.deps.store.clusters.insert({ id: CLUSTER, accountId: t.accountId, name: 'loop', kubeconfigCiphertext: t.deps.secrets.seal('unused'), server: 'http://127.0.0.1:1', createdAt: 1 });
  });
  after(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = t.admin) =>
    t.server.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const body = {
    name: 'web-release', repository: 'Team/Web', condition: { method: 'regex', expr: '^v[0-9]+$' }, clusterId: CLUSTER,
    namespace: 'default', workloadName: 'web', containerName: 'web',
  };

  test('create answers 201 with every field (defaults filled); get and list return it', async () => {
    const created = await api('POST', '/api/v1/image-triggers', body);
    assert.equal(created.statusCode, 201, created.body);
    const view = created.json();
    assert.deepEqual({ ...view, id: 'x', createdAt: 'x', updatedAt: 'x', createdBy: view.createdBy && 'who' }, {
      id: 'x', name: 'web-release', repository: 'team/web', registryHost: null, condition: { method: 'regex', expr: '^v[0-9]+$' },
      clusterId: CLUSTER, clusterRegion: 0, namespace: 'default', workloadKind: 'Deployment', workloadName: 'web', containerName: 'web',
      pinDigest: true, allowDowngrade: false, createdBy: 'who', createdAt: 'x', updatedAt: 'x',
    });
    assert.deepEqual((await api('GET', `/api/v1/image-triggers/${view.id}`)).json(), view);
    const listed = (await api('GET', '/api/v1/image-triggers?repository=TEAM/web')).json();
    assert.deepEqual(listed.items.map((i: { id: string }) => i.id), [view.id]);
  });

  test('validation: bad RE2 is CONDITION_REGEX_INVALID at /body/condition/expr; bad fields name themselves; conflicts are 409', async () => {
    const regex = await api('POST', '/api/v1/image-triggers', { ...body, name: 'r', condition: { method: 'regex', expr: '(?<=v)1' } });
    assert.equal(regex.statusCode, 400);
    assert.equal(regex.json().code, 'CONDITION_REGEX_INVALID');
    assert.deepEqual(regex.json().errors.map((e: { pointer: string }) => e.pointer), ['/body/condition/expr']);
    const empty = await api('POST', '/api/v1/image-triggers', { ...body, name: 'e', condition: { method: 'taglist', expr: ';' } });
    assert.equal(empty.json().code, 'VALIDATION_FAILED');
    assert.match(empty.json().detail, /at least one tag/);
    const fields = await api('POST', '/api/v1/image-triggers', { ...body, name: 'f', namespace: 'Bad_NS', containerName: 'Web!' });
    assert.equal(fields.statusCode, 400);
    assert.deepEqual(fields.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/body/containerName', '/body/namespace']);
    const schema = await api('POST', '/api/v1/image-triggers', { ...body, name: 'bad name' });
    assert.equal(schema.json().code, 'VALIDATION_FAILED');
    assert.equal((await api('POST', '/api/v1/image-triggers', body)).json().code, 'NAME_TAKEN');
    assert.equal((await api('POST', '/api/v1/image-triggers', { ...body, name: 'c', clusterId: 'nope' })).json().code, 'CLUSTER_NOT_FOUND');
    const viewer = await t.tokenFor('viewer');
    assert.equal((await api('POST', '/api/v1/image-triggers', { ...body, name: 'v' }, viewer)).statusCode, 403);
  });

  test('PATCH changes only what is given, renames, and re-validates the whole trigger', async () => {
    const id = (await api('POST', '/api/v1/image-triggers', { ...body, name: 'to-patch' })).json().id;
    const patched = await api('PATCH', `/api/v1/image-triggers/${id}`, { name: 'patched', condition: { method: 'all' }, pinDigest: false, registryHost: 'registry.test:5000' });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual([patched.json().name, patched.json().condition, patched.json().pinDigest, patched.json().registryHost, patched.json().workloadName],
      ['patched', { method: 'all', expr: '' }, false, 'registry.test:5000', 'web']);
    assert.equal((await api('PATCH', `/api/v1/image-triggers/${id}`, { condition: { method: 'taglist' } })).json().code, 'VALIDATION_FAILED');
    assert.equal((await api('PATCH', `/api/v1/image-triggers/${id}`, { name: 'web-release' })).json().code, 'NAME_TAKEN');
    assert.equal((await api('PATCH', `/api/v1/image-triggers/${randomUUID()}`, { name: 'x' })).statusCode, 404);
    assert.equal((await api('PATCH', `/api/v1/image-triggers/${id}`, {})).statusCode, 400);
    assert.equal((await api('DELETE', `/api/v1/image-triggers/${id}`)).statusCode, 204);
    assert.equal((await api('DELETE', `/api/v1/image-triggers/${id}`)).statusCode, 404);
  });

  test('preview says which tags a condition or a saved trigger would fire for', async () => {
    const tags = ['v1', 'v10', 'v1-rc', 'latest'];
    const byCondition = await api('POST', '/api/v1/image-triggers/preview', { condition: { method: 'taglist', expr: 'v1; latest' }, tags });
    assert.equal(byCondition.statusCode, 200, byCondition.body);
    assert.deepEqual(byCondition.json(), {
      items: [{ tag: 'v1', matches: true }, { tag: 'v10', matches: false }, { tag: 'v1-rc', matches: false }, { tag: 'latest', matches: true }],
      matching: ['v1', 'latest'],
    });
    assert.equal((await api('POST', '/api/v1/image-triggers/preview', { condition: { method: 'regex', expr: '[' }, tags })).json().code, 'CONDITION_REGEX_INVALID');
    const saved = (await api('GET', '/api/v1/image-triggers?repository=team/web')).json().items.find((i: { name: string }) => i.name === 'web-release');
    const byTrigger = await api('POST', `/api/v1/image-triggers/${saved.id}/preview`, { tags }, await t.tokenFor('viewer'));
    assert.deepEqual(byTrigger.json().matching, ['v1', 'v10']);
  });

  test('the log lists firings newest first with filters and keyset paging; pending rows follow their record', async () => {
    const trigger = anImageTrigger(t.accountId, CLUSTER, { name: 'logged', repository: 'team/logged' });
    const other = anImageTrigger(t.accountId, CLUSTER, { name: 'other', repository: 'team/other' });
    for (let i = 1; i <= 5; i++) {
      await t.deps.store.triggerLogs.append(aTriggerLog(i === 5 ? other : trigger, {
        tag: `v${i}`, invokedAt: Date.UTC(2026, 0, i), status: i === 2 ? 'failed' : 'succeeded', message: i === 2 ? 'rollout timed out' : null,
      }));
    }
    // A pending firing whose record is still queued, then finishes.
    const record = await t.deps.store.transaction(async (tx) => (await startRecord(t.deps, tx, {
      accountId: t.accountId, type: 'trigger', origin: 'image-push', hookAction: 'update-image', createdBy: null, timeoutMs: 60_000,
      serialKey: `test/${randomUUID()}`, triggerId: trigger.id,
      plan: [{ type: 'set-image', name: 'set image', target: { clusterId: CLUSTER, workload: { namespace: 'default', kind: 'Deployment', name: 'web' } }, container: 'web', image: 'r.example/team/logged:v6' }],
    })).record);
    const pending = await t.deps.store.triggerLogs.append(aTriggerLog(trigger, { tag: 'v6', invokedAt: Date.UTC(2026, 0, 6), recordId: record.id }));

    const tags = (res: { json(): { items: { tag: string }[] } }) => res.json().items.map((i) => i.tag);
    const first = await api('GET', '/api/v1/trigger-logs?limit=2');
    assert.deepEqual(tags(first), ['v6', 'v5']);
    const second = await api('GET', `/api/v1/trigger-logs?limit=2&cursor=${first.json().nextCursor}`);
    assert.deepEqual(tags(second), ['v4', 'v3']);
    assert.deepEqual(tags(await api('GET', '/api/v1/trigger-logs?repository=team/logged&status=failed')), ['v2']);
    assert.deepEqual(tags(await api('GET', `/api/v1/trigger-logs?triggerId=${other.id}`)), ['v5']);
    assert.deepEqual(tags(await api('GET', '/api/v1/trigger-logs?repository=team/logged&from=2026-01-02T00:00:00Z&to=2026-01-03T00:00:00Z')), ['v3', 'v2']);
    assert.equal((await api('GET', '/api/v1/trigger-logs?from=yesterday')).statusCode, 400);
    assert.equal((await api('GET', '/api/v1/trigger-logs?status=maybe')).statusCode, 400);

    // ListTriggerLog's orderings, keyset-paged under each; a cursor pages only the ordering it was made for.
    const january = 'from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z';
    const sorted = async (query: string): Promise<string[]> => {
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await api('GET', `/api/v1/trigger-logs?${january}&limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.statusCode, 200, res.body);
        all.push(...tags(res));
        cursor = res.json().nextCursor;
      } while (cursor !== null);
      return all;
    };
    assert.deepEqual(await sorted('order=asc'), ['v1', 'v2', 'v3', 'v4', 'v5', 'v6']);
    assert.deepEqual(await sorted('orderBy=triggerName&order=desc'), ['v5', 'v6', 'v4', 'v3', 'v2', 'v1']);
    assert.deepEqual(await sorted('orderBy=triggerName&order=asc'), ['v1', 'v2', 'v3', 'v4', 'v6', 'v5']);
    assert.deepEqual(await sorted('orderBy=repoName&order=asc'), ['v1', 'v2', 'v3', 'v4', 'v6', 'v5']);
    assert.deepEqual(await sorted('orderBy=invokeTime&order=desc'), ['v6', 'v5', 'v4', 'v3', 'v2', 'v1']);
    const byName = await api('GET', `/api/v1/trigger-logs?${january}&limit=2&orderBy=triggerName`);
    const replayed = await api('GET', `/api/v1/trigger-logs?${january}&limit=2&orderBy=repoName&cursor=${byName.json().nextCursor}`);
    assert.equal(replayed.statusCode, 400);
    assert.deepEqual(replayed.json().errors.map((e: { pointer: string }) => e.pointer), ['/query/cursor']);
    assert.equal((await api('GET', '/api/v1/trigger-logs?orderBy=invoke_time')).statusCode, 400);
    assert.equal((await api('GET', '/api/v1/trigger-logs?order=up')).statusCode, 400);

    const stillPending = (await api('GET', `/api/v1/trigger-logs/${pending.id}`)).json();
    assert.deepEqual([stillPending.status, stillPending.result.returnCode], ['pending', -1]);
    await t.deps.store.records.update(t.accountId, record.id, { state: 'failed', error: 'Step 1 failed: container web not found', updatedAt: Date.now() });
    assert.deepEqual(tags(await api('GET', '/api/v1/trigger-logs?status=pending')), [], 'listing settles pending rows first');
    const settled = (await api('GET', `/api/v1/trigger-logs/${pending.id}`)).json();
    assert.deepEqual([settled.status, settled.result], ['failed', { returnCode: 1, returnMsg: 'Step 1 failed: container web not found' }]);
    assert.equal(settled.recordId, record.id);
    assert.equal((await api('GET', `/api/v1/trigger-logs/${randomUUID()}`)).statusCode, 404);
  });
});
