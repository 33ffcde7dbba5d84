import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

describe('bad input gets a 4xx problem naming the field, never a 500 or a stack trace', () => {
  let t: TestApp;
  before(async () => { t = await buildTestApp({ bodyLimitBytes: 4096 }); });
  after(async () => { await t.close(); });

  const post = (payload: string | object, headers: Record<string, string> = {}) =>
    t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: { ...t.admin, 'content-type': 'application/json', ...headers }, payload });

  function assertProblem(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, code: string): Record<string, unknown> {
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    const body = JSON.parse(res.body);
    assert.equal(body.code, code);
    assert.equal(body.status, status);
    assert.ok(!/\bat .*\.ts:\d+/.test(res.body), 'no stack trace');
    return body;
  }

  test('malformed JSON → 400 MALFORMED_BODY', async () => {
    const body = assertProblem(await post('{"name": "x", '), 400, 'MALFORMED_BODY');
    assert.deepEqual(body.errors, [{ pointer: '/body', detail: 'is not valid JSON' }]);
  });

  test('a missing required field is named', async () => {
    const body = assertProblem(await post({ role: 'viewer' }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(body.errors, [{ pointer: '/body/name', detail: 'is required' }]);
  });

  test('an unknown field is refused, not stripped', async () => {
    const body = assertProblem(await post({ name: 'x', role: 'viewer', admin: true }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(body.errors, [{ pointer: '/body/admin', detail: 'is not a known field' }]);
  });

  test('a wrong type is named and not coerced', async () => {
    const body = assertProblem(await post({ name: 'x', role: 'viewer', expiresInDays: '30' }), 400, 'VALIDATION_FAILED');
    assert.equal((body.errors as { pointer: string }[])[0]!.pointer, '/body/expiresInDays');
  });

  test('a bad query parameter is named', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/v1/tokens?limit=0', headers: t.admin });
    const body = assertProblem(res, 400, 'VALIDATION_FAILED');
    assert.equal((body.errors as { pointer: string }[])[0]!.pointer, '/query/limit');
  });

  test('a body over the configured limit → 413 BODY_TOO_LARGE', async () => {
    assertProblem(await post({ name: 'x'.repeat(5000), role: 'viewer' }), 413, 'BODY_TOO_LARGE');
  });

  test('a non-JSON content type → 415', async () => {
    assertProblem(await post('name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('an unknown route → 404 ROUTE_NOT_FOUND problem', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/v1/nope', headers: t.admin });
    assertProblem(res, 404, 'ROUTE_NOT_FOUND');
  });

  test('problem type URIs resolve to the catalog entry', async () => {
    const body = assertProblem(await post({ role: 'viewer' }), 400, 'VALIDATION_FAILED');
    const slug = String(body.type).split('/').pop();
    const res = await t.server.inject({ method: 'GET', url: `/problems/${slug}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().code, 'VALIDATION_FAILED');
  });
});
