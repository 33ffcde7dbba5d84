import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

describe('access keys (native API)', () => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(); });
  after(async () => { await t.close(); });

  async function newToken(role = 'pipeline'): Promise<string> {
    const res = await t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.admin, payload: { name: `ak-${Math.random()}`, role } });
    return res.json().id;
  }
  const create = (tokenId: string) => t.server.inject({ method: 'POST', url: `/api/v1/tokens/${tokenId}/access-keys`, headers: t.admin });
  const list = (tokenId: string, query = '') => t.server.inject({ method: 'GET', url: `/api/v1/tokens/${tokenId}/access-keys${query}`, headers: t.admin });

  test('create shows the secret once; list never shows it; the store keeps it sealed', async () => {
    const tokenId = await newToken();
    const created = await create(tokenId);
    assert.equal(created.statusCode, 201);
    const key = created.json();
    assert.match(key.id, /^CAPK[A-Z2-7]{20}$/);
    assert.match(key.secret, /^capsk_[A-Za-z0-9]{40}$/);
    assert.equal(key.tokenId, tokenId);
    assert.equal(key.lastUsedAt, null);
    assert.ok(Date.parse(key.createdAt) > Date.now() - 60_000);

    const listed = await list(tokenId);
    assert.equal(listed.statusCode, 200);
    assert.ok(!listed.body.includes(key.secret));
    assert.deepEqual(listed.json(), { items: [{ id: key.id, tokenId, createdAt: key.createdAt, lastUsedAt: null }], nextCursor: null });

    const stored = await t.deps.store.accessKeys.find(key.id);
    assert.ok(stored && !stored.secretCiphertext.includes(key.secret));
    assert.equal(t.deps.secrets.open(stored.secretCiphertext), key.secret);
  });

  test('a token has at most two keys: the third is 409 ACCESS_KEY_LIMIT until one is deleted', async () => {
    const tokenId = await newToken();
    const first = (await create(tokenId)).json();
    assert.equal((await create(tokenId)).statusCode, 201);
    const third = await create(tokenId);
    assert.equal(third.statusCode, 409);
    assert.equal(third.json().code, 'ACCESS_KEY_LIMIT');
    const del = await t.server.inject({ method: 'DELETE', url: `/api/v1/tokens/${tokenId}/access-keys/${first.id}`, headers: t.admin });
    assert.equal(del.statusCode, 204);
    assert.equal((await create(tokenId)).statusCode, 201);
    const pages = [(await list(tokenId, '?limit=1')).json()];
    pages.push((await list(tokenId, `?limit=1&cursor=${pages[0].nextCursor}`)).json());
    assert.equal(pages[1].nextCursor, null);
    assert.equal(new Set(pages.flatMap((p) => p.items.map((i: { id: string }) => i.id))).size, 2);
  });

  test('unknown tokens and keys are 404 with their own codes', async () => {
    const tokenId = await newToken();
    for (const res of [await create('no-such-token'), await list('no-such-token'),
      await t.server.inject({ method: 'DELETE', url: '/api/v1/tokens/no-such-token/access-keys/CAPKAAAAAAAAAAAAAAAAAAAA', headers: t.admin })]) {
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'TOKEN_NOT_FOUND');
    }
    const missing = await t.server.inject({ method: 'DELETE', url: `/api/v1/tokens/${tokenId}/access-keys/CAPKAAAAAAAAAAAAAAAAAAAA`, headers: t.admin });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'ACCESS_KEY_NOT_FOUND');
    const other = await newToken();
    const key = (await create(other)).json();
    const wrongToken = await t.server.inject({ method: 'DELETE', url: `/api/v1/tokens/${tokenId}/access-keys/${key.id}`, headers: t.admin });
    assert.equal(wrongToken.json().code, 'ACCESS_KEY_NOT_FOUND', 'a key is addressed under its own token only');
  });

  test('only admins manage access keys', async () => {
    const tokenId = await newToken();
    for (const role of ['member', 'pipeline', 'viewer'] as const) {
      const headers = await t.tokenFor(role);
      const res = await t.server.inject({ method: 'POST', url: `/api/v1/tokens/${tokenId}/access-keys`, headers });
      assert.equal(res.statusCode, 403, role);
      assert.equal((await t.server.inject({ method: 'GET', url: `/api/v1/tokens/${tokenId}/access-keys`, headers })).statusCode, 403);
    }
  });

  test('revoking the token deletes its keys', async () => {
    const tokenId = await newToken();
    const key = (await create(tokenId)).json();
    assert.equal((await t.server.inject({ method: 'DELETE', url: `/api/v1/tokens/${tokenId}`, headers: t.admin })).statusCode, 204);
    assert.equal(await t.deps.store.accessKeys.find(key.id), null);
    assert.equal((await list(tokenId)).statusCode, 404);
  });

  test('the routes are in the OpenAPI document', async () => {
    const doc = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.ok(doc.paths['/api/v1/tokens/{id}/access-keys'].post);
    assert.ok(doc.paths['/api/v1/tokens/{id}/access-keys'].get);
    assert.ok(doc.paths['/api/v1/tokens/{id}/access-keys/{keyId}'].delete);
  });
});
