import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

describe('authentication and roles', () => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(); });
  after(async () => { await t.close(); });

  test('a request without a token gets 401 TOKEN_MISSING as problem+json with WWW-Authenticate', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/v1/account' });
    assert.equal(res.statusCode, 401);
    assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
    assert.match(String(res.headers['www-authenticate']), /^Bearer/);
    const body = res.json();
    assert.equal(body.code, 'TOKEN_MISSING');
    assert.equal(body.status, 401);
    assert.equal(body.requestId, res.headers['x-request-id']);
  });

  test('an unknown token and a malformed header get 401 TOKEN_INVALID', async () => {
    for (const authorization of ['Bearer cap_not-a-real-token', 'Basic dXNlcjpwYXNz']) {
      const res = await t.server.inject({ method: 'GET', url: '/api/v1/account', headers: { authorization } });
      assert.equal(res.statusCode, 401, authorization);
      assert.equal(res.json().code, 'TOKEN_INVALID');
    }
  });

  test('the admin token reads the default account', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/v1/account', headers: t.admin });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { id: t.accountId, name: 'default' });
  });

  test('every role may read; viewer and pipeline may not write; only admin manages tokens', async () => {
    const cases: [string, number, number][] = [['admin', 200, 201], ['member', 200, 403], ['viewer', 200, 403], ['pipeline', 200, 403]];
    for (const [role, read, tokenCreate] of cases) {
      const headers = await t.tokenFor(role as 'admin');
      assert.equal((await t.server.inject({ method: 'GET', url: '/api/v1/account', headers })).statusCode, read, `${role} read`);
      const res = await t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: { name: `by-${role}`, role: 'viewer' } });
      assert.equal(res.statusCode, tokenCreate, `${role} token create`);
      if (tokenCreate === 403) assert.equal(res.json().code, 'ROLE_FORBIDS_ACTION');
    }
    const viewer = await t.tokenFor('viewer');
    const write = await t.server.inject({ method: 'POST', url: '/api/v1/applications', headers: viewer, payload: { name: 'a', clusterId: 'c', namespace: 'n' } });
    assert.equal(write.statusCode, 403);
  });

  test('health, readiness, metrics, docs and the OpenAPI document need no token', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs', '/problems']) {
      const res = await t.server.inject({ method: 'GET', url });
      assert.ok(res.statusCode < 400, `${url} → ${res.statusCode}`);
    }
  });

  test('X-Auth-Token is not accepted on the native API', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/v1/account', headers: { 'x-auth-token': t.admin.authorization.slice(7) } });
    assert.equal(res.statusCode, 401);
  });
});
