import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

describe('API tokens', () => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(); });
  after(async () => { await t.close(); });

  test('create shows the secret once; get and list never show it; the token works at once', async () => {
    const created = await t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.admin, payload: { name: 'ci', role: 'pipeline', expiresInDays: 30 } });
    assert.equal(created.statusCode, 201);
    const body = created.json();
    assert.match(body.token, /^cap_[A-Za-z0-9_-]{43}$/);
    assert.equal(body.role, 'pipeline');
    assert.ok(body.token.startsWith(body.prefix));
    assert.ok(Date.parse(body.expiresAt) > Date.now() + 29 * 86_400_000);

    const got = await t.server.inject({ method: 'GET', url: `/api/v1/tokens/${body.id}`, headers: t.admin });
    assert.equal(got.statusCode, 200);
    assert.equal(got.json().token, undefined);
    const list = await t.server.inject({ method: 'GET', url: '/api/v1/tokens', headers: t.admin });
    assert.ok(!list.body.includes(body.token), 'list must not contain the secret');
    assert.ok(list.json().items.some((i: { id: string }) => i.id === body.id));

    const use = await t.server.inject({ method: 'GET', url: '/api/v1/account', headers: { authorization: `Bearer ${body.token}` } });
    assert.equal(use.statusCode, 200);
  });

  test('delete revokes immediately and a second delete is 404', async () => {
    const { id, token } = (await t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.admin, payload: { name: 'tmp', role: 'viewer' } })).json();
    assert.equal((await t.server.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: t.admin })).statusCode, 204);
    const use = await t.server.inject({ method: 'GET', url: '/api/v1/account', headers: { authorization: `Bearer ${token}` } });
    assert.equal(use.statusCode, 401);
    const again = await t.server.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: t.admin });
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().code, 'TOKEN_NOT_FOUND');
  });

  test('the list pages with limit and cursor without repeats', async () => {
    for (let i = 0; i < 5; i++) await t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.admin, payload: { name: `page-${i}`, role: 'viewer' } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page = (await t.server.inject({ method: 'GET', url: `/api/v1/tokens${q}`, headers: t.admin })).json();
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(seen.length >= 6);
  });

  test('an unknown role is refused with the field named', async () => {
    const res = await t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.admin, payload: { name: 'x', role: 'root' } });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().errors, [{ pointer: '/body/role', detail: 'must be one of: admin, member, viewer, pipeline' }]);
  });
});
