/**
 * Watched repositories polled through a registry client with a per-host request budget, as main.ts wires it: a 429
 * on one watch pauses the host for every watch on it (the others fail fast and reschedule instead of sending more),
 * the pause shows on each watch's `registryLimit`, and a listing cut at the page cap says so on the watch.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test, type TestContext } from 'node:test';
import { OciRegistryClient } from '../../src/adapters/registry/oci-registry-client.ts';
import { RegistryRequestBudget } from '../../src/adapters/registry/registry-request-budget.ts';
import { pollWatchedRepository } from '../../src/app/registry/poll-watched-repository.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const DIGEST = `sha256:${'c'.repeat(64)}`;

/** `shop/throttled` answers 429 Retry-After: 30; `shop/many` has five tags in pages of two; the rest one tag. */
async function fakeRegistry(ctx: TestContext) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push(`${req.method} ${url.pathname}`);
    if (url.pathname.startsWith('/v2/shop/throttled/')) return void res.writeHead(429, { 'retry-after': '30' }).end();
    if (url.pathname === '/v2/shop/many/tags/list') {
      const all = ['a', 'b', 'c', 'd', 'e'];
      const from = url.searchParams.has('last') ? all.indexOf(url.searchParams.get('last') ?? '') + 1 : 0;
      const page = all.slice(from, from + 2);
      const more = from + 2 < all.length ? { link: `</v2/shop/many/tags/list?n=2&last=${page.at(-1)}>; rel="next"` } : {};
      return void res.writeHead(200, { 'content-type': 'application/json', ...more }).end(JSON.stringify({ tags: page }));
    }
    if (url.pathname.endsWith('/tags/list')) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ tags: ['v1'] }));
    res.writeHead(200, { 'docker-content-digest': DIGEST, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ctx.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('watched repositories share their registry host\'s request budget', () => {
  let t: TestApp;
  before(async () => {
    const budget = new RegistryRequestBudget({ maxWaitMs: 1_000 });
    t = await buildTestApp({ registry: new OciRegistryClient({ timeoutMs: 5_000, pageSize: 2, maxPages: 2, budget }) });
  });
  after(() => t.close());

  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: t.admin, ...(payload ? { payload } : {}) });
  const watch = async (name: string, registryUrl: string, repository: string) => {
    const res = await api('POST', '/api/v1/watched-repositories', { name, registryUrl, repository, intervalSeconds: 5 });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };

  test('a 429 on one watch pauses the host: another watch on it fails fast, reschedules after the pause, and shows why', async (ctx) => {
    const registry = await fakeRegistry(ctx);
    const throttled = await watch('throttled', registry.url, 'shop/throttled');
    const sibling = await watch('sibling', registry.url, 'shop/calm');

    const first = await pollWatchedRepository(t.deps, t.accountId, throttled);
    assert.deepEqual(first.status === 'failed' && first.nextInMs, 30_000);
    const second = await pollWatchedRepository(t.deps, t.accountId, sibling);
    assert.equal(second.status, 'failed');
    assert.ok(second.status === 'failed' && second.nextInMs >= 29_000, `the sibling's next poll is in ${second.status === 'failed' && second.nextInMs} ms`);
    assert.deepEqual(registry.seen, ['GET /v2/shop/throttled/tags/list'], 'the sibling sent nothing to the paused host');

    const view = (await api('GET', `/api/v1/watched-repositories/${sibling}`)).json();
    assert.match(view.lastError, /paused after the registry throttled Capstan/);
    assert.equal(view.registryLimit.host, new URL(registry.url).host);
    assert.ok(Date.parse(view.registryLimit.pausedUntil) >= Date.now() + 25_000, view.registryLimit.pausedUntil);
    assert.deepEqual({ status: view.registryLimit.lastThrottle.status, retryAfterS: view.registryLimit.lastThrottle.retryAfterS }, { status: 429, retryAfterS: 30 });
    const listed = (await api('GET', '/api/v1/watched-repositories')).json();
    assert.ok(listed.items.every((w: { registryLimit: { pausedUntil: string | null } }) => w.registryLimit?.pausedUntil !== null), 'the list shows the pause too');
  });

  test('a listing cut at the page cap is recorded on the watch, not silently truncated', async (ctx) => {
    const registry = await fakeRegistry(ctx);
    const id = await watch('many', registry.url, 'shop/many');
    const polled = await pollWatchedRepository(t.deps, t.accountId, id);
    assert.deepEqual(polled.status === 'polled' && polled.tags, 4);
    assert.equal(registry.seen.filter((r) => r.endsWith('/tags/list')).length, 2, 'paging stopped at the cap');
    const view = (await api('GET', `/api/v1/watched-repositories/${id}`)).json();
    assert.match(view.lastError, /^Polled, but the registry listed more than the 4 tags Capstan reads in one poll/);
    assert.equal(view.trackedTags, 4);
    assert.deepEqual({ pausedUntil: view.registryLimit.pausedUntil, lastThrottle: view.registryLimit.lastThrottle }, { pausedUntil: null, lastThrottle: null });
  });
});
