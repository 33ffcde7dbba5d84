import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { issueToken } from '../../src/app/tokens/issue-token.ts';
import { permissionsOf, ROLES } from '../../src/domain/roles.ts';
import { buildTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';

describe('GET /api/v1/session', () => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(); });
  after(async () => { await t.close(); });

  test('every role sees its own token and role, and its account', async () => {
    for (const role of ROLES) {
      const { token, secret } = await issueToken(t.deps, { accountId: t.accountId, name: `session-${role}`, role, expiresInDays: 7 });
      const res = await t.server.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${secret}` } });
      assert.equal(res.statusCode, 200, role);
      const account = (await t.server.inject({ method: 'GET', url: '/api/v1/account', headers: t.admin })).json();
      assert.deepEqual(res.json(), {
        account,
        token: { id: token.id, name: `session-${role}`, role, permissions: [...permissionsOf(role)], expiresAt: new Date(token.expiresAt!).toISOString() },
      });
      // Neither the secret, its hash nor its display prefix is part of the answer.
      assert.ok(!res.body.includes(secret), `${role}: secret leaked`);
      assert.ok(!res.body.includes(token.secretHash), `${role}: hash leaked`);
      assert.ok(!res.body.includes(token.prefix), `${role}: prefix leaked`);
      if (role === 'viewer') assert.deepEqual(res.json().token.permissions, ['read']);
      if (role === 'pipeline') assert.deepEqual(res.json().token.permissions, ['read', 'deploy']);
    }
  });

  test('a token without expiry answers expiresAt null', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/v1/session', headers: t.admin });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().token.role, 'admin');
    assert.deepEqual(res.json().token.permissions, ['read', 'write', 'deploy', 'admin']);
    assert.equal(res.json().token.expiresAt, null);
    assert.ok(!res.body.includes(TEST_ADMIN_TOKEN));
  });

  test('no credentials: 401 TOKEN_MISSING; a revoked token: 401 TOKEN_INVALID', async () => {
    const none = await t.server.inject({ method: 'GET', url: '/api/v1/session' });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().code, 'TOKEN_MISSING');
    const { token, secret } = await issueToken(t.deps, { accountId: t.accountId, name: 'gone', role: 'viewer' });
    await t.server.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: t.admin });
    const revoked = await t.server.inject({ method: 'GET', url: '/api/v1/session', headers: { authorization: `Bearer ${secret}` } });
    assert.equal(revoked.statusCode, 401);
    assert.equal(revoked.json().code, 'TOKEN_INVALID');
  });

  test('the endpoint and its response schema are in the OpenAPI document', async () => {
    const doc = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    const schema = doc.paths['/api/v1/session'].get.responses['200'].content['application/json'].schema;
    assert.deepEqual(Object.keys(schema.properties.token.properties).sort(), ['expiresAt', 'id', 'name', 'permissions', 'role']);
  });
});
