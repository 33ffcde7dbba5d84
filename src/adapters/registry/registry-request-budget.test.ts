/**
 * The per-host request budget through the real OCI client against a loopback registry that records when each
 * request arrived. The VM running these is slow and noisy: the assertions are orderings and lower bounds (a request
 * that must wait arrived at least that long after), never tight upper bounds.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test, type TestContext } from 'node:test';
import type { RegistryRepositoryRef } from '../../app/ports/registry-client.ts';
import { AppError } from '../../domain/errors.ts';
import { OciRegistryClient } from './oci-registry-client.ts';
import { RegistryRequestBudget } from './registry-request-budget.ts';

interface Seen {
  readonly at: number;
  readonly host: string;
  readonly method: string;
  readonly path: string;
}

type Answer = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

async function fakeRegistry(t: TestContext, answer: Answer): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ at: Date.now(), host: req.headers.host ?? '', method: req.method ?? '', path: url.pathname });
    answer(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const DIGEST = `sha256:${'b'.repeat(64)}`;
const ok: Answer = (_req, res, url) => {
  if (url.pathname.endsWith('/tags/list')) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ tags: ['v1'] }));
    return;
  }
  res.writeHead(200, { 'docker-content-digest': DIGEST, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end();
};
const ref = (registryUrl: string, repository: string): RegistryRepositoryRef => ({ registryUrl, repository, credentials: null });

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => assert.fail('expected a rejection'), (e: unknown) => e);
  assert.ok(error instanceof AppError, String(error));
  return error;
}

describe('RegistryRequestBudget', () => {
  test('a 429 with Retry-After on one repository pauses the whole host: the other repository waits for it', async (t) => {
    const registry = await fakeRegistry(t, (req, res, url) => {
      if (url.pathname.startsWith('/v2/team/throttled/')) return void res.writeHead(429, { 'retry-after': '2' }).end();
      ok(req, res, url);
    });
    const budget = new RegistryRequestBudget();
    const client = new OciRegistryClient({ budget });

    const throttled = await rejection(client.listTags(ref(registry.url, 'team/throttled')));
    assert.equal(throttled.code, 'REGISTRY_UPSTREAM');
    assert.equal(throttled.retryAfterS, 2);
    assert.deepEqual(await client.headManifest(ref(registry.url, 'team/calm'), 'v1'), { digest: DIGEST, mediaType: 'application/vnd.oci.image.manifest.v1+json' });

    const [first, second] = registry.seen;
    assert.equal(registry.seen.length, 2);
    assert.equal(first?.path, '/v2/team/throttled/tags/list');
    assert.equal(second?.path, '/v2/team/calm/manifests/v1');
    assert.ok((second?.at ?? 0) - (first?.at ?? 0) >= 2_000, `the other repository's call came ${(second?.at ?? 0) - (first?.at ?? 0)} ms after the 429`);

    const [host] = budget.hosts();
    assert.equal(host?.host, new URL(registry.url).host);
    assert.deepEqual({ status: host?.lastThrottle?.status, retryAfterS: host?.lastThrottle?.retryAfterS }, { status: 429, retryAfterS: 2 });
    assert.equal(host?.pausedUntil, null, 'the pause is over');
    assert.equal(host?.consecutiveThrottles, 0, 'an answer that was not throttled ends the streak');
  });

  test('the bucket spaces a burst of calls to one host, token requests included, and leaves other hosts alone', async (t) => {
    let tokens = 0;
    const registry = await fakeRegistry(t, (req, res, url) => {
      if (url.pathname === '/token') {
        tokens++;
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `t${tokens}`, expires_in: 300 }));
      }
      if (req.headers.authorization === undefined) {
        return void res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="fake"` }).end();
      }
      ok(req, res, url);
    });
    // 5 requests/s after a burst of 2: the 6th request of one host can start no sooner than 4 × 200 ms after the 1st.
    const budget = new RegistryRequestBudget({ ratePerSecond: 5, burst: 2 });
    const client = new OciRegistryClient({ budget });
    // 401, token, retried HEAD: three requests through the budget.
    await client.headManifest(ref(registry.url, 'team/web'), 'v1');
    assert.equal(registry.seen.length, 3);
    // The same server under another name is another host with a budget of its own.
    const otherHost = registry.url.replace('127.0.0.1', 'localhost');
    await Promise.all([
      ...[1, 2, 3].map(() => client.headManifest(ref(registry.url, 'team/web'), 'v1')),
      client.headManifest(ref(otherHost, 'team/web'), 'v1'),
    ]);
    const other = registry.seen.filter((s) => s.host.startsWith('localhost'));
    const seen = registry.seen.filter((s) => s.host.startsWith('127.0.0.1'));
    assert.equal(seen.length, 6);
    assert.ok((other[0]?.at ?? Infinity) < (seen[5]?.at ?? 0), 'the other host did not wait behind the busy one');
    const span = (seen[5]?.at ?? 0) - (seen[0]?.at ?? 0);
    assert.ok(span >= 750, `six requests at 5/s with a burst of 2 took only ${span} ms`);
    // Each request after the burst is at least ~one interval after the one before it.
    for (let i = 2; i < 6; i++) {
      const gap = (seen[i]?.at ?? 0) - (seen[i - 1]?.at ?? 0);
      assert.ok(gap >= 150, `request ${i + 1} came ${gap} ms after request ${i}`);
    }
  });

  test('a pause longer than the caller may wait fails fast with retryAfterS, and sends nothing', async (t) => {
    const registry = await fakeRegistry(t, (_req, res) => void res.writeHead(503, { 'retry-after': '30' }).end());
    const budget = new RegistryRequestBudget({ maxWaitMs: 500, random: () => 0 });
    const client = new OciRegistryClient({ budget });
    assert.equal((await rejection(client.listTags(ref(registry.url, 'team/a')))).code, 'REGISTRY_UNAVAILABLE');
    const started = Date.now();
    const fast = await rejection(client.headManifest(ref(registry.url, 'team/b'), 'v1'));
    assert.equal(fast.code, 'REGISTRY_UNAVAILABLE');
    assert.match(fast.detail, /paused after the registry throttled Capstan/);
    assert.ok((fast.retryAfterS ?? 0) >= 29, `retryAfterS ${fast.retryAfterS}`);
    assert.ok(Date.now() - started < 5_000, 'it did not wait out the pause');
    assert.equal(registry.seen.length, 1, 'only the throttled request reached the registry');
  });

  test('an aborted signal ends the wait for a paused host', async (t) => {
    const registry = await fakeRegistry(t, (_req, res) => void res.writeHead(429, { 'retry-after': '5' }).end());
    // A fast bucket, so the only thing to wait for is the pause.
    const client = new OciRegistryClient({ budget: new RegistryRequestBudget({ ratePerSecond: 1_000 }) });
    await rejection(client.listTags(ref(registry.url, 'team/a')));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const cancelled = await rejection(client.listTags(ref(registry.url, 'team/b'), { signal: controller.signal }));
    assert.equal(cancelled.code, 'REGISTRY_UNAVAILABLE');
    assert.match(cancelled.detail, /cancelled/);
    assert.ok(Date.now() - started < 4_000, 'it stopped waiting when the signal fired');
    assert.equal(registry.seen.length, 1);
  });

  test('without Retry-After a throttled host backs off exponentially; 503 without Retry-After does not pause', async () => {
    const budget = new RegistryRequestBudget({ random: () => 0 });
    const pauseOf = () => {
      const [h] = budget.hosts();
      return (h?.pausedUntil ?? 0) - (h?.lastThrottle?.at ?? 0);
    };
    budget.observe('r.example', 503, undefined);
    assert.equal(budget.hosts()[0]?.pausedUntil, null);
    budget.observe('r.example', 429, undefined);
    assert.equal(pauseOf(), 1_000);
    budget.observe('r.example', 429, undefined);
    assert.equal(pauseOf(), 2_000);
    budget.observe('r.example', 429, undefined);
    assert.equal(pauseOf(), 4_000);
    assert.equal(budget.hosts()[0]?.consecutiveThrottles, 3);
    // Retry-After is capped, and jitter only lengthens a pause.
    const capped = new RegistryRequestBudget({ maxPauseMs: 60_000, random: () => 0.5 });
    capped.observe('q.example', 429, 86_400);
    const [q] = capped.hosts();
    assert.equal((q?.pausedUntil ?? 0) - (q?.lastThrottle?.at ?? 0), 66_000);
  });
});
