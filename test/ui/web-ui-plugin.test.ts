/**
 * The web UI plugin on the real server: the built app at `/`, hashed assets, the SPA fallback for page requests
 * only, and never in place of the API's, the docs' or a vendor surface's own 404. A missing build says how to
 * build it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { ensureWebBuild, WEB_DIST } from '../../scripts/ensure-web-build.ts';
import { installNativeErrors } from '../../src/http/plugins/native-errors.ts';
import { installWebUi } from '../../src/http/plugins/web-ui.ts';
import type { Server } from '../../src/http/http-deps.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('web UI plugin', () => {
  let app: TestApp;
  before(async () => {
    assert.equal(await ensureWebBuild({ quiet: true }), true, 'vite is installed and builds the UI');
    app = await buildTestApp();
  });
  after(() => app.close());

  test('GET / serves the built app without credentials, with a strict content security policy', async () => {
    const r = await app.server.inject({ method: 'GET', url: '/' });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    assert.match(r.body, /<div id="root"><\/div>/);
    assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
  });

  test('assets are served with long-lived caching; an unknown asset is a 404 problem', async () => {
    const asset = readdirSync(join(WEB_DIST, 'assets')).find((f) => f.endsWith('.js'));
    assert.ok(asset, 'the build has a script');
    const r = await app.server.inject({ method: 'GET', url: `/assets/${asset}` });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /javascript/);
    assert.match(String(r.headers['cache-control']), /immutable/);
    const missing = await app.server.inject({ method: 'GET', url: '/assets/nope.js' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'ROUTE_NOT_FOUND');
  });

  test('an asset path cannot climb out of the build folder', async () => {
    for (const url of ['/assets/../index.html', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/package.json']) {
      const r = await app.server.inject({ method: 'GET', url, headers: { accept: '*/*' } });
      assert.notEqual(r.statusCode, 200, `${url} must not be served`);
      assert.doesNotMatch(r.body, /"name": "capstan"/);
    }
  });

  test('a page path that no route answers gets the app when the browser asks for HTML', async () => {
    const r = await app.server.inject({ method: 'GET', url: '/ui/records/0123?x=1', headers: { accept: HTML } });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<div id="root">/);
  });

  test('the same path asked for as JSON stays a 404 problem', async () => {
    const r = await app.server.inject({ method: 'GET', url: '/ui/records/0123', headers: { accept: 'application/json' } });
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().code, 'ROUTE_NOT_FOUND');
  });

  test('the fallback never answers under the API, docs, metrics, health or vendor paths', async () => {
    for (const url of ['/api/v1/nope', '/api', '/docs/nope', '/openapi.json/x', '/metrics/x', '/healthz/x', '/clusters/c1/nope',
      '/triggers/x', '/hook/nope', '/v2/nope', '/v1/nope', '/accounts/a/nope', '/assets/nope.html']) {
      const r = await app.server.inject({ method: 'GET', url, headers: { accept: HTML } });
      assert.ok(r.statusCode >= 400, `${url} answered ${r.statusCode}`); // its surface's 404 (or 401 where a route exists)
      assert.doesNotMatch(r.body, /<div id="root">/, `${url} must not be the UI`);
    }
  });

  test('the fallback is for GET only: other methods keep their 404', async () => {
    const r = await app.server.inject({ method: 'POST', url: '/ui/clusters', headers: { accept: HTML }, payload: {} });
    assert.equal(r.statusCode, 404);
    assert.doesNotMatch(r.body, /<div id="root">/);
    const ccr = await app.server.inject({ method: 'POST', url: '/', headers: { accept: HTML }, payload: {} });
    assert.doesNotMatch(ccr.body, /<div id="root">/, 'POST / stays the Tencent surface');
  });

  test('API routes still require a token', async () => {
    const r = await app.server.inject({ method: 'GET', url: '/api/v1/account', headers: { accept: HTML } });
    assert.equal(r.statusCode, 401);
  });
});

describe('web UI plugin without a build', () => {
  let server: Server;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capstan-no-ui-'));
    server = Fastify() as unknown as Server;
    installNativeErrors(server, await installWebUi(server, { distDir: join(dir, 'dist') }));
    await server.ready();
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('GET / says how to build the UI', async () => {
    const r = await server.inject({ method: 'GET', url: '/' });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^text\/plain/);
    assert.match(r.body, /npm run build:web/);
  });

  test('page paths are not answered with a missing app', async () => {
    const r = await server.inject({ method: 'GET', url: '/ui/clusters', headers: { accept: HTML } });
    assert.equal(r.statusCode, 404);
  });
});
