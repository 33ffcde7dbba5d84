import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { call, DEPLOYMENTS, tokenOf } from './api-client.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from './index.ts';

let server: KubeApiServer;
before(async () => {
  server = await startKubeApiServer({ rolloutStepMs: 10 });
  server.apply(deploymentManifest({ name: 'web' }));
});
after(() => server.close());
beforeEach(() => server.clearFaults());

const label = (value: string) => call(server, 'PATCH', `${DEPLOYMENTS}/web`, { metadata: { labels: { v: value } } }, 'application/merge-patch+json');

describe('fault injection', () => {
  test('the next N matching requests get a 409 Conflict Status and change nothing; then requests pass', async () => {
    server.injectFault({ status: 409, count: 2, method: 'PATCH', pathPattern: /\/deployments\/web$/ });
    assert.equal((await call(server, 'GET', `${DEPLOYMENTS}/web`)).status, 200, 'GET does not match the rule');
    const first = await label('1');
    assert.equal(first.status, 409);
    assert.equal(first.body.reason, 'Conflict');
    assert.match(first.body.message, /deployments.apps "web": the object has been modified/);
    assert.equal((await label('2')).status, 409);
    assert.equal((server.get('apps/v1', 'Deployment', 'default', 'web')?.metadata as { labels: Record<string, string> }).labels.v, undefined);
    assert.equal((await label('3')).status, 200);
  });

  test('429 carries Retry-After and retryAfterSeconds; 500 and 503 are InternalError and ServiceUnavailable', async () => {
    server.injectFault({ status: 429, count: 1 });
    const res = await fetch(`${server.url}${DEPLOYMENTS}`, { headers: { authorization: `Bearer ${tokenOf(server)}` } });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.deepEqual(((await res.json()) as { details: unknown }).details, { retryAfterSeconds: 1 });
    server.injectFault({ status: 500, count: 1 });
    assert.equal((await call(server, 'GET', DEPLOYMENTS)).body.reason, 'InternalError');
    server.injectFault({ status: 503, count: 1 });
    assert.equal((await call(server, 'GET', DEPLOYMENTS)).body.reason, 'ServiceUnavailable');
    assert.equal((await call(server, 'GET', DEPLOYMENTS)).status, 200);
  });

  test('a timeout fault never answers; the log marks it -1', async () => {
    server.injectFault({ timeout: true, count: 1, method: 'GET' });
    await assert.rejects(fetch(`${server.url}${DEPLOYMENTS}/web`, { headers: { authorization: `Bearer ${tokenOf(server)}` }, signal: AbortSignal.timeout(150) }));
    assert.equal(server.requests.at(-1)?.status, -1);
    assert.equal((await call(server, 'GET', `${DEPLOYMENTS}/web`)).status, 200);
  });

  test('added latency delays the answer but the request succeeds', async () => {
    server.injectFault({ latencyMs: 120, count: 1 });
    const started = Date.now();
    assert.equal((await call(server, 'GET', `${DEPLOYMENTS}/web`)).status, 200);
    assert.ok(Date.now() - started >= 110);
  });

  test('clearFaults drops pending rules', async () => {
    server.injectFault({ status: 500, count: 5 });
    server.clearFaults();
    assert.equal((await call(server, 'GET', DEPLOYMENTS)).status, 200);
  });
});

describe('request log', () => {
  test('records method, path, query, content type, parsed body and status in order', async () => {
    const from = server.requests.length;
    await call(server, 'PATCH', `${DEPLOYMENTS}/web?fieldManager=me`, { spec: { replicas: 3 } }, 'application/strategic-merge-patch+json');
    await call(server, 'GET', `${DEPLOYMENTS}?labelSelector=app%3Dweb`);
    assert.deepEqual(server.requests.slice(from), [
      { method: 'PATCH', path: `${DEPLOYMENTS}/web`, query: 'fieldManager=me', contentType: 'application/strategic-merge-patch+json', status: 200, body: { spec: { replicas: 3 } } },
      { method: 'GET', path: DEPLOYMENTS, query: 'labelSelector=app%3Dweb', contentType: undefined, status: 200, body: undefined },
    ]);
  });
});
