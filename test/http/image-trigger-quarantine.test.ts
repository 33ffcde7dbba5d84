/**
 * The rollback quarantine over HTTP (real server, real SQLite store, no worker): a rollback started through
 * POST /api/v1/deploy-records/{id}/rollback quarantines, in its transaction, exactly the image-trigger firings it
 * undoes; GET/DELETE /api/v1/image-triggers/{id}/quarantine list (paged) and release them, with roles and 404s.
 * The records, their workload changes and the trigger log are written through the store as the worker and the
 * push matcher write them; test/integration/image-trigger-quarantine.test.ts runs the same story for real.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startRecord } from '../../src/app/records/start-record.ts';
import type { DeployRecord } from '../../src/domain/deploy-record.ts';
import type { ImageTrigger } from '../../src/domain/image-trigger.ts';
import { aTriggerLog } from '../contracts/image-trigger-repos.contract.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const CLUSTER = 'loop';
const WEB = { namespace: 'default', kind: 'Deployment' as const, name: 'web' };
const HOST = 'registry.test:5000';
const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const template = (image: string) => ({ metadata: {}, spec: { containers: [{ name: 'web', image }, { name: 'sidecar', image: 'proxy:1' }] } });

describe('rollback quarantine API', () => {
  let t: TestApp;
  let trigger: ImageTrigger;
  let other: ImageTrigger;
  let target: DeployRecord;
  const firings: Record<string, DeployRecord> = {};

  before(async () => {
    t = await buildTestApp();
    await t.deps.store.clusters.insert({ id: CLUSTER, accountId: t.accountId, name: 'loop', kubeconfigCiphertext: t.deps.secrets.seal('unused'), server: 'http://127.0.0.1:1', createdAt: 1 });
    const create = async (name: string, workloadName: string) => {
      const res = await api('POST', '/api/v1/image-triggers', {
        name, repository: 'team/web', condition: { method: 'all' }, clusterId: CLUSTER, namespace: 'default', workloadName, containerName: 'web',
      });
      assert.equal(res.statusCode, 201, res.body);
      return (await t.deps.store.imageTriggers.get(t.accountId, res.json().id)) as ImageTrigger;
    };
    trigger = await create('web-release', 'web');
    other = await create('api-release', 'api');

    // The trigger fired v0 before the record to roll back to, which set v1; after it, in this order, the trigger
    // fired (and wrote) A, a digest-less "nightly", the digest v1 carries (so the rollback puts that image back), and
    // a push that failed before writing. One firing of A on the other trigger touched another workload.
    const now = Date.now();
    firings.before = await aFiring(trigger, { tag: 'v0', digest: digest('0'), at: now - 70_000 });
    target = await aRecord('deploy', null, { image: `${HOST}/team/web:v1@${digest('1')}`, at: now - 60_000 });
    firings.a = await aFiring(trigger, { tag: 'v2', digest: digest('a'), at: now - 50_000 });
    firings.nightly = await aFiring(trigger, { tag: 'nightly', digest: null, at: now - 40_000 });
    firings.same = await aFiring(trigger, { tag: 'v1-again', digest: digest('1'), at: now - 30_000 });
    firings.unwritten = await aFiring(trigger, { tag: 'v3', digest: digest('3'), at: null });
    firings.elsewhere = await aFiring(other, { tag: 'v2', digest: digest('a'), at: now - 20_000 });
  });
  after(() => t.close());

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers = t.admin) =>
    t.server.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  /** A finished record that wrote WEB (or nothing, when `at` is null). */
  async function aRecord(type: 'deploy' | 'trigger', by: ImageTrigger | null, change: { image: string; at: number | null }): Promise<DeployRecord> {
    const workload = by ? { namespace: by.namespace, kind: by.workloadKind, name: by.workloadName } : WEB;
    const { record } = await t.deps.store.transaction((tx) => startRecord(t.deps, tx, {
      accountId: t.accountId, type, origin: by ? 'image-push' : 'api', hookAction: 'update-image', triggerId: by?.id ?? null,
      plan: [{ type: 'set-image', name: 'set', target: { clusterId: CLUSTER, workload }, container: 'web', image: change.image }],
      createdBy: null, timeoutMs: 60_000, serialKey: `workload/${CLUSTER}/${workload.namespace}/${workload.kind}/${workload.name}`,
    }));
    if (change.at !== null) {
      await t.deps.store.records.addChange({ recordId: record.id, stepIndex: 0, clusterId: CLUSTER, workload, before: template('old'), after: template(change.image), at: change.at });
    }
    const finished = change.at ?? Date.now();
    await t.deps.store.records.update(t.accountId, record.id, { state: change.at === null ? 'failed' : 'succeeded', finishedAt: finished, updatedAt: finished });
    return record;
  }

  async function aFiring(by: ImageTrigger, push: { tag: string; digest: string | null; at: number | null }): Promise<DeployRecord> {
    const image = `${HOST}/team/web:${push.tag}${push.digest ? `@${push.digest}` : ''}`;
    const record = await aRecord('trigger', by, { image, at: push.at });
    await t.deps.store.triggerLogs.append(aTriggerLog(by, {
      tag: push.tag, digest: push.digest, image, recordId: record.id, invokedAt: (push.at ?? Date.now()) - 1_000, status: push.at === null ? 'failed' : 'succeeded',
    }));
    return record;
  }

  const quarantineOf = async (id: string, query = '') => {
    const res = await api('GET', `/api/v1/image-triggers/${id}/quarantine${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { items: Record<string, unknown>[]; nextCursor: string | null };
  };

  test('quarantine: false rolls back and quarantines nothing; a bad body is a 400 and starts nothing', async () => {
    const member = await t.tokenFor('member');
    const res = await api('POST', `/api/v1/deploy-records/${target.id}/rollback`, { quarantine: false }, member);
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(res.json().type, 'rollback');
    assert.deepEqual((await quarantineOf(trigger.id)).items, []);

    const records = async () => (await t.deps.store.records.list(t.accountId, { limit: 200, type: 'rollback' })).items.length;
    const before = await records();
    for (const body of [{ quarantine: 'yes' }, { quarantine: true, force: true }]) {
      const bad = await api('POST', `/api/v1/deploy-records/${target.id}/rollback`, body);
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().code, 'VALIDATION_FAILED');
    }
    assert.equal(await records(), before);
    assert.equal((await api('POST', `/api/v1/deploy-records/${target.id}/rollback`, {}, await t.tokenFor('viewer'))).statusCode, 403);
  });

  test('a bare rollback quarantines exactly the firings it undoes, by digest or by tag, for their own trigger', async () => {
    const member = await t.tokenFor('member');
    const res = await t.server.inject({ method: 'POST', url: `/api/v1/deploy-records/${target.id}/rollback`, headers: member });
    assert.equal(res.statusCode, 202, res.body);
    const rollback = res.json();

    const { items } = await quarantineOf(trigger.id);
    const strip = ({ id, createdAt, createdBy, ...rest }: Record<string, unknown>) => {
      assert.equal(typeof id, 'string');
      assert.match(String(createdAt), /^\d{4}-\d{2}-\d{2}T/);
      assert.match((createdBy as { name: string }).name, /^test-member-/);
      return rest;
    };
    assert.deepEqual(items.map(strip).sort((x, y) => String(x.tag).localeCompare(String(y.tag))), [
      {
        triggerId: trigger.id, repository: 'team/web', matchBy: 'tag', digest: null, tag: 'nightly', image: `${HOST}/team/web:nightly`,
        recordId: firings.nightly!.id, rollbackRecordId: rollback.id, heldCount: 0, lastHeldAt: null, lastHeldEventId: null,
      },
      {
        triggerId: trigger.id, repository: 'team/web', matchBy: 'digest', digest: digest('a'), tag: 'v2', image: `${HOST}/team/web:v2@${digest('a')}`,
        recordId: firings.a!.id, rollbackRecordId: rollback.id, heldCount: 0, lastHeldAt: null, lastHeldEventId: null,
      },
    ], 'not the image the rollback restores, not the firing that never wrote, not before the record');
    assert.deepEqual((await quarantineOf(other.id)).items, [], 'the other trigger deployed to another workload');

    // Rolling back again quarantines nothing new: the first entries stay, with their rollback.
    assert.equal((await api('POST', `/api/v1/deploy-records/${target.id}/rollback`)).statusCode, 202);
    assert.deepEqual((await quarantineOf(trigger.id)).items.map((e) => e.rollbackRecordId), [rollback.id, rollback.id]);
  });

  test('the list pages by cursor; a viewer may read it; unknown triggers and bad cursors are refused', async () => {
    const first = await quarantineOf(trigger.id, '?limit=1');
    assert.equal(first.items.length, 1);
    assert.ok(first.nextCursor);
    const second = await quarantineOf(trigger.id, `?limit=1&cursor=${first.nextCursor}`);
    assert.equal(second.items.length, 1);
    assert.equal(second.nextCursor, null);
    assert.notEqual(first.items[0]!.id, second.items[0]!.id);

    const viewer = await t.tokenFor('viewer');
    assert.equal((await api('GET', `/api/v1/image-triggers/${trigger.id}/quarantine`, undefined, viewer)).statusCode, 200);
    const unknown = await api('GET', `/api/v1/image-triggers/${randomUUID()}/quarantine`);
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'RESOURCE_NOT_FOUND');
    assert.match(String(unknown.headers['content-type']), /^application\/problem\+json/);
    assert.equal((await api('GET', `/api/v1/image-triggers/${trigger.id}/quarantine?cursor=nope`)).json().code, 'VALIDATION_FAILED');
    assert.equal((await api('GET', `/api/v1/image-triggers/${trigger.id}/quarantine?limit=0`)).statusCode, 400);
    assert.equal((await t.server.inject({ method: 'GET', url: `/api/v1/image-triggers/${trigger.id}/quarantine` })).statusCode, 401);
  });

  test('release needs the deploy permission, names the trigger it belongs to, and happens once', async () => {
    const [entry] = (await quarantineOf(trigger.id)).items;
    const url = `/api/v1/image-triggers/${trigger.id}/quarantine/${entry!.id}`;
    assert.equal((await api('DELETE', url, undefined, await t.tokenFor('viewer'))).statusCode, 403);
    assert.equal((await api('DELETE', `/api/v1/image-triggers/${other.id}/quarantine/${entry!.id}`)).statusCode, 404, 'not through another trigger');
    const unknownTrigger = await api('DELETE', `/api/v1/image-triggers/${randomUUID()}/quarantine/${entry!.id}`);
    assert.equal(unknownTrigger.statusCode, 404);
    assert.match(unknownTrigger.json().detail, /Image trigger .* does not exist/);
    const unknownEntry = await api('DELETE', `/api/v1/image-triggers/${trigger.id}/quarantine/${randomUUID()}`);
    assert.equal(unknownEntry.statusCode, 404);
    assert.match(unknownEntry.json().detail, /Quarantine entry .* does not exist/);

    const released = await api('DELETE', url, undefined, await t.tokenFor('member'));
    assert.equal(released.statusCode, 204, released.body);
    assert.equal((await api('DELETE', url)).statusCode, 404, 'already released');
    assert.deepEqual((await quarantineOf(trigger.id)).items.map((e) => e.id).includes(entry!.id), false);
    assert.equal((await quarantineOf(trigger.id)).items.length, 1);
  });

  test('the OpenAPI document describes both routes and the rollback\'s quarantine option', async () => {
    const doc = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.ok(doc.paths['/api/v1/image-triggers/{id}/quarantine']?.get);
    assert.ok(doc.paths['/api/v1/image-triggers/{id}/quarantine/{entryId}']?.delete);
    // @fastify/swagger marks every declared body as required; the schema says that an empty body means the defaults
    // (and the bare POST in the test above proves it).
    const body = doc.paths['/api/v1/deploy-records/{id}/rollback'].post.requestBody.content['application/json'].schema;
    assert.equal(body.properties.quarantine.type, 'boolean');
    assert.match(body.description, /empty request body means the defaults/);
  });
});
