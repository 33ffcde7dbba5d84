import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

describe('metrics and API documentation', () => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(); });
  after(async () => { await t.close(); });

  test('/metrics counts requests by route template and reports jobs by state', async () => {
    await t.server.inject({ method: 'GET', url: '/api/v1/tokens/some-id-123', headers: t.admin });
    await t.deps.store.jobs.enqueue({ accountId: t.accountId, kind: 'test.noop', payload: {} });
    const res = await t.server.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] ?? '', /^text\/plain/);
    assert.match(res.body, /capstan_http_requests_total\{method="GET",route="\/api\/v1\/tokens\/:id",status="404"\} 1/);
    assert.match(res.body, /capstan_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/tokens\/:id",status="404"\}/);
    assert.ok(!res.body.includes('some-id-123'), 'raw URLs never become labels');
    assert.match(res.body, /capstan_jobs\{state="queued"\} 1/);
    assert.match(res.body, /capstan_jobs\{state="running"\} 0/);
  });

  test('/openapi.json documents every native route with its schemas; /docs serves the UI', async () => {
    const doc = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of ['/api/v1/account', '/api/v1/tokens', '/api/v1/tokens/{id}', '/api/v1/clusters', '/api/v1/clusters/{id}',
      '/api/v1/applications', '/api/v1/applications/{id}', '/api/v1/applications/{id}/workloads', '/healthz', '/readyz']) {
      assert.ok(doc.paths[path], `${path} missing from the OpenAPI document`);
    }
    assert.ok(doc.paths['/api/v1/tokens'].post.requestBody, 'request bodies are documented');
    assert.ok(doc.paths['/api/v1/tokens'].post.responses['201'], 'responses are documented');
    // How each operation authenticates: public ones need nothing; vendor routes also take their signature.
    assert.deepEqual(doc.paths['/healthz'].get.security, []);
    assert.deepEqual(doc.paths['/api/v1/tokens'].post.security, [{ bearer: [] }]);
    assert.deepEqual(doc.paths['/v2/tasks/{task_id}/start'].post.security, [{ bearer: [] }, { xAuthToken: [] }, { 'huawei-sdk': [] }]);
    assert.deepEqual(doc.paths['/clusters/{cluster_id}/triggers'].post.security, [{ bearer: [] }, { acs3: [] }]);
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['acs3', 'bearer', 'huawei-sdk', 'tc3', 'tencent-v2', 'xAuthToken']);
    const ui = await t.server.inject({ method: 'GET', url: '/docs/' });
    assert.equal(ui.statusCode, 200);
    assert.match(ui.body, /swagger/i);
  });

  test('/readyz reports ready when the store is reachable and migrated', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'ready');
  });
});
