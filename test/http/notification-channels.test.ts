import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NOTIFICATION_DELIVERY_JOB, type NotificationDeliveryPayload } from '../../src/domain/notification-channel.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const SLACK_URL = 'https://hooks.slack.com/services/T0001/B0001/abcdefghijklmnopqrstuvwx';

describe('notification channels (native API)', () => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(); });
  after(async () => { await t.close(); });

  const base = '/api/v1/notification-channels';
  let n = 0;
  const create = (payload: Record<string, unknown>, headers: Record<string, string> = t.admin) =>
    t.server.inject({ method: 'POST', url: base, headers, payload: { name: `chan-${++n}`, url: 'http://127.0.0.1:9/hook', ...payload } });

  test('create answers 201 with the channel and, once, its whsec_ secret; reads show neither the secret nor the URL path', async () => {
    const created = await create({ url: SLACK_URL, format: 'slack' });
    assert.equal(created.statusCode, 201, created.body);
    const channel = created.json();
    assert.match(channel.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(Buffer.from(channel.secret.slice(6), 'base64').length, 32);
    const { secret, ...view } = channel;
    assert.deepEqual(Object.keys(view).sort(), ['createdAt', 'enabled', 'events', 'filter', 'format', 'id', 'name', 'updatedAt', 'urlDisplay']);
    assert.equal(view.urlDisplay, 'https://hooks.slack.com/…');
    assert.deepEqual(view.events, ['record.failed', 'record.stopped'], 'the failure kinds by default');
    assert.deepEqual(view.filter, {});
    assert.equal(view.enabled, true);

    const got = await t.server.inject({ method: 'GET', url: `${base}/${channel.id}`, headers: t.admin });
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json(), view);
    const listed = await t.server.inject({ method: 'GET', url: base, headers: t.admin });
    for (const body of [got.body, listed.body]) {
      assert.ok(!body.includes(secret) && !body.includes(secret.slice(6)), 'no secret in reads');
      assert.ok(!body.includes('T0001') && !body.includes('abcdefghijklmnopqrstuvwx'), 'no URL path in reads');
    }
    const stored = await t.deps.store.notifications.get(t.accountId, channel.id);
    assert.ok(stored);
    assert.ok(!stored.secretCiphertext.includes(secret.slice(6)) && !stored.urlCiphertext.includes('T0001'), 'stored sealed');
    assert.equal(t.deps.secrets.open(stored.secretCiphertext), secret);
    assert.equal(t.deps.secrets.open(stored.urlCiphertext), SLACK_URL);
  });

  test('only admins create, change, delete and test; every role reads', async () => {
    const id = (await create({})).json().id;
    for (const role of ['member', 'pipeline', 'viewer'] as const) {
      const headers = await t.tokenFor(role);
      const refused = [
        await create({}, headers),
        await t.server.inject({ method: 'PATCH', url: `${base}/${id}`, headers, payload: { enabled: false } }),
        await t.server.inject({ method: 'PUT', url: `${base}/${id}`, headers, payload: { name: 'x', url: 'http://127.0.0.1:9/' } }),
        await t.server.inject({ method: 'DELETE', url: `${base}/${id}`, headers }),
        await t.server.inject({ method: 'POST', url: `${base}/${id}/test`, headers }),
      ];
      for (const res of refused) {
        assert.equal(res.statusCode, 403, `${role}: ${res.body}`);
        assert.equal(res.json().code, 'ROLE_FORBIDS_ACTION');
      }
      assert.equal((await t.server.inject({ method: 'GET', url: base, headers })).statusCode, 200);
      assert.equal((await t.server.inject({ method: 'GET', url: `${base}/${id}`, headers })).statusCode, 200);
      assert.equal((await t.server.inject({ method: 'GET', url: `${base}/${id}/deliveries`, headers })).statusCode, 200);
    }
    assert.equal((await t.server.inject({ method: 'GET', url: base })).statusCode, 401);
  });

  test('bad input is a problem naming the field: relative or non-http URLs, credentials in the URL, empty or unknown events, bad format and filter', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: '/relative/path' }, '/body/url'],
      [{ url: 'ftp://files.example/x' }, '/body/url'],
      [{ url: 'https://user:pw@receiver.example/x' }, '/body/url'],
      [{ events: [] }, '/body/events'],
      [{ events: ['record.started'] }, '/body/events/0'],
      [{ format: 'xml' }, '/body/format'],
      [{ filter: { origin: 'somewhere' } }, '/body/filter/origin'],
      [{ filter: { taskId: 'no spaces allowed' } }, '/body/filter/taskId'],
      [{ secret: 'whsec_mine' }, '/body/secret'],
    ];
    for (const [payload, pointer] of cases) {
      const res = await create(payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      const problem = res.json();
      assert.equal(problem.code, 'VALIDATION_FAILED');
      assert.ok(problem.errors.some((e: { pointer: string }) => e.pointer.startsWith(pointer)), `${JSON.stringify(payload)} → ${JSON.stringify(problem.errors)}`);
    }
  });

  test('names are unique: 409 NAME_TAKEN', async () => {
    const first = (await create({})).json();
    const again = await t.server.inject({ method: 'POST', url: base, headers: t.admin, payload: { name: first.name, url: 'http://127.0.0.1:9/' } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'NAME_TAKEN');
  });

  test('PATCH changes only what it names (filter null clears it); PUT replaces with defaults; the secret stays', async () => {
    const { secret, ...created } = (await create({ events: ['record.succeeded'], filter: { taskId: 'task-1', clusterId: 'prod' } })).json() as Record<string, unknown> & { id: string; secret: string };
    const patched = await t.server.inject({
      method: 'PATCH', url: `${base}/${created.id}`, headers: t.admin,
      payload: { name: 'renamed', url: 'https://other.example/', enabled: false, filter: null },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual({ ...(patched.json() as Record<string, unknown>), updatedAt: null }, {
      ...created, name: 'renamed', urlDisplay: 'https://other.example', enabled: false, filter: {}, updatedAt: null,
    });
    const empty = await t.server.inject({ method: 'PATCH', url: `${base}/${created.id}`, headers: t.admin, payload: {} });
    assert.equal(empty.statusCode, 400);

    const put = await t.server.inject({ method: 'PUT', url: `${base}/${created.id}`, headers: t.admin, payload: { name: 'replaced', url: SLACK_URL } });
    assert.equal(put.statusCode, 200, put.body);
    const replaced = put.json();
    assert.deepEqual([replaced.name, replaced.events, replaced.format, replaced.filter, replaced.enabled, replaced.urlDisplay],
      ['replaced', ['record.failed', 'record.stopped'], 'json', {}, true, 'https://hooks.slack.com/…']);
    const stored = await t.deps.store.notifications.get(t.accountId, created.id);
    assert.equal(t.deps.secrets.open(stored!.secretCiphertext), secret, 'the secret survives changes');
    assert.equal(t.deps.secrets.open(stored!.urlCiphertext), SLACK_URL);

    const missing = await t.server.inject({ method: 'PATCH', url: `${base}/no-such-channel`, headers: t.admin, payload: { enabled: true } });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'NOTIFICATION_CHANNEL_NOT_FOUND');
  });

  test('test queues one delivery job with a fresh webhook id; DELETE removes the channel; unknown ids are 404', async () => {
    const channel = (await create({ enabled: false })).json();
    const queued = await t.server.inject({ method: 'POST', url: `${base}/${channel.id}/test`, headers: t.admin });
    assert.equal(queued.statusCode, 202, queued.body);
    const body = queued.json();
    assert.equal(body.channelId, channel.id);
    assert.equal(body.event, 'notification.test');
    assert.match(body.messageId, /^msg_test_[0-9a-f]{32}$/);
    const jobs = await t.deps.store.jobs.list(t.accountId, { kind: NOTIFICATION_DELIVERY_JOB, limit: 50 });
    const payloads = jobs.map((j) => j.payload as NotificationDeliveryPayload).filter((p) => p.channelId === channel.id);
    assert.deepEqual(payloads, [{ channelId: channel.id, messageId: body.messageId, event: 'notification.test', recordId: null }]);

    const deliveries = await t.server.inject({ method: 'GET', url: `${base}/${channel.id}/deliveries?limit=5`, headers: t.admin });
    assert.deepEqual(deliveries.json(), { items: [], nextCursor: null });

    assert.equal((await t.server.inject({ method: 'DELETE', url: `${base}/${channel.id}`, headers: t.admin })).statusCode, 204);
    for (const res of [
      await t.server.inject({ method: 'GET', url: `${base}/${channel.id}`, headers: t.admin }),
      await t.server.inject({ method: 'DELETE', url: `${base}/${channel.id}`, headers: t.admin }),
      await t.server.inject({ method: 'POST', url: `${base}/${channel.id}/test`, headers: t.admin }),
      await t.server.inject({ method: 'GET', url: `${base}/${channel.id}/deliveries`, headers: t.admin }),
    ]) {
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'NOTIFICATION_CHANNEL_NOT_FOUND');
    }
  });

  test('the list is paginated with a cursor, newest first', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await create({})).json().id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`;
      const page = (await t.server.inject({ method: 'GET', url: `${base}${query}`, headers: t.admin })).json();
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen.slice(0, 3), [...ids].reverse());
    assert.equal(new Set(seen).size, seen.length);
  });

  test('every route is in the OpenAPI document', async () => {
    const doc = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(doc.paths[base] ?? {}).sort(), ['get', 'post']);
    assert.deepEqual(Object.keys(doc.paths[`${base}/{id}`] ?? {}).sort(), ['delete', 'get', 'patch', 'put']);
    assert.deepEqual(Object.keys(doc.paths[`${base}/{id}/test`] ?? {}), ['post']);
    assert.deepEqual(Object.keys(doc.paths[`${base}/{id}/deliveries`] ?? {}), ['get']);
  });
});
