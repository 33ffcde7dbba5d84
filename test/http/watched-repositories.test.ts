/**
 * Watched repositories over HTTP (in-process, real SQLite): validation, write-only credentials, and the poll chain
 * each watch gets, and the poll itself against a small loopback registry whose answers the test controls (slow,
 * throttled, changing). Polling the real docker-registry is in test/integration/registry-push.int.test.ts.
 */

/** Just enough of the distribution API: tags/list and HEAD manifests, from a tag → digest map the test edits. */
async function fakeRegistry(t: TestContext) {
  const state = { tags: {} as Record<string, string>, delayMs: 0, status: 200, retryAfter: null as string | null, requests: 0 };
  const server = createServer((req, res) => {
    state.requests++;
    const url = new URL(req.url ?? '/', 'http://x');
    const answer = () => {
      if (state.status !== 200) return res.writeHead(state.status, state.retryAfter ? { 'retry-after': state.retryAfter } : {}).end();
      if (url.pathname.endsWith('/tags/list')) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ tags: Object.keys(state.tags) }));
      const digest = state.tags[url.pathname.split('/manifests/')[1] ?? ''];
      if (digest === undefined) return res.writeHead(404).end();
      res.writeHead(200, { 'docker-content-digest': digest, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end();
    };
    if (state.delayMs > 0 && url.pathname.endsWith('/tags/list')) setTimeout(answer, state.delayMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state };
}

const dg = (c: string) => `sha256:${c.repeat(64)}`;
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pollWatchedRepository } from '../../src/app/registry/poll-watched-repository.ts';
import { REGISTRY_POLL_JOB } from '../../src/domain/watched-repository.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

describe('watched repositories', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = t.admin) =>
    t.server.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const polls = async (id: string) =>
    (await t.deps.store.jobs.list(t.accountId, { limit: 100, kind: REGISTRY_POLL_JOB }))
      .filter((j) => (j.payload as { watchedRepositoryId: string }).watchedRepositoryId === id);

  test('a watch is created with defaults, its credentials sealed and never returned, and its first poll queued', async () => {
    const res = await api('POST', '/api/v1/watched-repositories', {
      name: 'hub-nginx', registryUrl: 'https://registry-1.docker.io/', repository: 'library/nginx', tagPattern: '^1\\.2\\d\\.',
      credentials: { username: 'robot', password: 'hunter2-registry-token' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const w = res.json();
    assert.deepEqual(
      { registryUrl: w.registryUrl, registryHost: w.registryHost, intervalSeconds: w.intervalSeconds, enabled: w.enabled, hasCredentials: w.hasCredentials, trackedTags: w.trackedTags, lastPolledAt: w.lastPolledAt },
      { registryUrl: 'https://registry-1.docker.io', registryHost: 'docker.io', intervalSeconds: 300, enabled: true, hasCredentials: true, trackedTags: null, lastPolledAt: null },
    );
    assert.ok(!res.body.includes('hunter2') && !res.body.includes('robot'));
    const stored = await t.deps.store.watchedRepositories.get(t.accountId, w.id);
    assert.ok(stored?.credentialsCiphertext && !stored.credentialsCiphertext.includes('hunter2'));
    assert.deepEqual(JSON.parse(t.deps.secrets.open(stored.credentialsCiphertext)), { username: 'robot', password: 'hunter2-registry-token' });

    const jobs = await polls(w.id);
    assert.equal(jobs.length, 1);
    assert.deepEqual([jobs[0]?.state, jobs[0]?.serialKey], ['queued', `${REGISTRY_POLL_JOB}:${w.id}`]);
    const got = await api('GET', `/api/v1/watched-repositories/${w.id}`);
    assert.deepEqual(got.json(), w);
    assert.ok((await api('GET', '/api/v1/watched-repositories')).json().items.some((i: { id: string }) => i.id === w.id));
  });

  test('bad watches are refused with the failing field', async () => {
    const base = { name: 'bad', registryUrl: 'http://127.0.0.1:5000', repository: 'shop/web' };
    const cases: [object, string, string][] = [
      [{ ...base, registryUrl: 'http://127.0.0.1:5000/v2/' }, 'VALIDATION_FAILED', '/body/registryUrl'],
      [{ ...base, registryUrl: 'ftp://registry.example' }, 'VALIDATION_FAILED', '/body/registryUrl'],
      [{ ...base, registryUrl: 'https://user:pw@registry.example' }, 'VALIDATION_FAILED', '/body/registryUrl'],
      [{ ...base, repository: 'Shop//web' }, 'VALIDATION_FAILED', '/body/repository'],
      [{ ...base, tagPattern: '(unclosed' }, 'CONDITION_REGEX_INVALID', '/body/tagPattern'],
      [{ ...base, tagPattern: 'v(?=1)' }, 'CONDITION_REGEX_INVALID', '/body/tagPattern'],
      [{ ...base, intervalSeconds: 0 }, 'VALIDATION_FAILED', '/body/intervalSeconds'],
      [{ ...base, credentials: { username: 'u' } }, 'VALIDATION_FAILED', '/body/credentials/password'],
    ];
    for (const [body, code, pointer] of cases) {
      const res = await api('POST', '/api/v1/watched-repositories', body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.equal(res.json().code, code, JSON.stringify(body));
      assert.equal(res.json().errors[0].pointer, pointer, JSON.stringify(body));
    }
  });

  test('PATCH changes settings, clears credentials with null, and a new pattern resets the baseline', async () => {
    const created = (await api('POST', '/api/v1/watched-repositories', {
      name: 'patch-me', registryUrl: 'http://127.0.0.1:5000', repository: 'shop/web', credentials: { username: 'u', password: 'p' },
    })).json();
    const id = created.id as string;
    await t.deps.store.watchedRepositories.recordPoll(t.accountId, id, (await t.deps.store.watchedRepositories.get(t.accountId, id))!.updatedAt, {
      tagState: { v1: `sha256:${'1'.repeat(64)}` }, lastPolledAt: 1, lastError: null,
    });
    const renamed = await api('PATCH', `/api/v1/watched-repositories/${id}`, { name: 'patched', intervalSeconds: 30, credentials: null });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.deepEqual([renamed.json().name, renamed.json().intervalSeconds, renamed.json().hasCredentials, renamed.json().trackedTags], ['patched', 30, false, 1]);
    assert.ok(Date.parse(renamed.json().updatedAt) > Date.parse(created.updatedAt), 'updatedAt moves forward');
    const repatterned = await api('PATCH', `/api/v1/watched-repositories/${id}`, { tagPattern: '^v' });
    assert.equal(repatterned.json().trackedTags, null, 'the next poll is a fresh baseline');
    assert.equal((await polls(id)).filter((j) => j.state === 'queued').length, 1, 'still one poll chain');
    assert.equal((await api('PATCH', `/api/v1/watched-repositories/${id}`, {})).statusCode, 400);
    assert.equal((await api('PATCH', `/api/v1/watched-repositories/${id}`, { registryUrl: 'http://x' })).statusCode, 400);
    assert.equal((await api('PATCH', '/api/v1/watched-repositories/nope', { enabled: false })).json().code, 'WATCHED_REPOSITORY_NOT_FOUND');
  });

  test('viewers can read watches but not change them; DELETE removes a watch once', async () => {
    const viewer = await t.tokenFor('viewer');
    const created = (await api('POST', '/api/v1/watched-repositories', { name: 'to-delete', registryUrl: 'http://127.0.0.1:5000', repository: 'shop/del' })).json();
    assert.equal((await api('GET', `/api/v1/watched-repositories/${created.id}`, undefined, viewer)).statusCode, 200);
    assert.equal((await api('POST', '/api/v1/watched-repositories', { name: 'v', registryUrl: 'http://127.0.0.1:5000', repository: 'x' }, viewer)).statusCode, 403);
    assert.equal((await api('DELETE', `/api/v1/watched-repositories/${created.id}`)).statusCode, 204);
    assert.equal((await api('DELETE', `/api/v1/watched-repositories/${created.id}`)).statusCode, 404);
    assert.equal((await api('GET', `/api/v1/watched-repositories/${created.id}`)).statusCode, 404);
  });

  const watchOn = async (name: string, registryUrl: string, extra: object = {}) => {
    const res = await api('POST', '/api/v1/watched-repositories', { name, registryUrl, repository: 'shop/fake', intervalSeconds: 60, ...extra });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };

  test('a poll records the baseline, then accepts new tags and moved digests once, deduped against webhooks', async (ctx) => {
    const registry = await fakeRegistry(ctx);
    registry.state.tags = { v1: dg('1'), latest: dg('1') };
    const id = await watchOn('fake-changes', registry.url, { tagPattern: '^(v\\d+|latest)$' });
    registry.state.tags['nightly'] = dg('0'); // not tracked by the pattern

    const baseline = await pollWatchedRepository(t.deps, t.accountId, id);
    assert.deepEqual(baseline.status === 'polled' && [baseline.baseline, baseline.tags, baseline.accepted], [true, 2, 0]);

    registry.state.tags = { v1: dg('1'), latest: dg('2'), v2: dg('2'), nightly: dg('9') };
    // The registry's webhook already delivered the v2 push: polling sees it too, and it stays one event.
    const hook = (await api('POST', '/api/v1/registry-receivers', { name: 'fake-hook', sender: 'standard-webhooks' })).json();
    const delivered = await t.server.inject({
      method: 'POST', url: `/api/v1/registry-events/${hook.id}`, headers: { 'content-type': 'application/json', 'webhook-id': 'fake-v2' },
      payload: JSON.stringify({ type: 'image.pushed', data: { repository: 'shop/fake', tag: 'v2', digest: dg('2') } }),
    });
    assert.equal(delivered.statusCode, 202, delivered.body);

    const second = await pollWatchedRepository(t.deps, t.accountId, id);
    assert.equal(second.status, 'polled');
    assert.deepEqual(second.status === 'polled' && second.changes.map((c) => `${c.tag}:${c.change}`), ['latest:moved', 'v2:new']);
    assert.equal(second.status === 'polled' && second.accepted, 1, 'v2 was already accepted from the webhook');
    const events = (await t.deps.store.registryEvents.list(t.accountId, { limit: 50, repository: 'shop/fake' })).items;
    assert.deepEqual(events.map((e) => [e.source, e.push.tag, e.push.digest]).sort(), [['poll', 'latest', dg('2')], ['webhook', 'v2', dg('2')]]);
    const latest = events.find((e) => e.push.tag === 'latest');
    assert.deepEqual([latest?.sourceId, latest?.push.registryHost, latest?.push.mediaType], [id, new URL(registry.url).host, 'application/vnd.oci.image.manifest.v1+json']);

    const third = await pollWatchedRepository(t.deps, t.accountId, id);
    assert.deepEqual(third.status === 'polled' && [third.changes.length, third.accepted], [0, 0]);
    assert.equal((await polls(id)).filter((j) => j.state === 'queued').length, 1, 'one poll chain');
  });

  test('an unreachable or throttling registry is recorded on the watch, which keeps its state and is polled again later', async (ctx) => {
    const id = await watchOn('fake-unreachable', 'http://127.0.0.1:1');
    const down = await pollWatchedRepository(t.deps, t.accountId, id);
    assert.equal(down.status, 'failed');
    const watch = (await api('GET', `/api/v1/watched-repositories/${id}`)).json();
    assert.match(watch.lastError, /unreachable/);
    assert.deepEqual([watch.trackedTags, typeof watch.lastPolledAt], [null, 'string']);
    assert.equal((await polls(id)).filter((j) => j.state === 'queued').length, 1);

    const registry = await fakeRegistry(ctx);
    registry.state.status = 429;
    registry.state.retryAfter = '120';
    const throttled = await pollWatchedRepository(t.deps, t.accountId, await watchOn('fake-429', registry.url, { intervalSeconds: 1 }));
    assert.deepEqual(throttled.status === 'failed' && throttled.nextInMs, 120_000, 'Retry-After stretches the interval');
  });

  test('findings of a poll that overlapped a settings change are dropped; disabled and deleted watches are not polled', async (ctx) => {
    const registry = await fakeRegistry(ctx);
    registry.state.tags = { v1: dg('1') };
    registry.state.delayMs = 300;
    const id = await watchOn('fake-race', registry.url);
    const polling = pollWatchedRepository(t.deps, t.accountId, id);
    await sleep(100);
    assert.equal((await api('PATCH', `/api/v1/watched-repositories/${id}`, { intervalSeconds: 120 })).statusCode, 200);
    assert.equal((await polling).status, 'superseded');
    assert.equal((await api('GET', `/api/v1/watched-repositories/${id}`)).json().trackedTags, null);

    await api('PATCH', `/api/v1/watched-repositories/${id}`, { enabled: false });
    const before = registry.state.requests;
    assert.deepEqual(await pollWatchedRepository(t.deps, t.accountId, id), { status: 'disabled' });
    await api('DELETE', `/api/v1/watched-repositories/${id}`);
    assert.deepEqual(await pollWatchedRepository(t.deps, t.accountId, id), { status: 'gone' });
    assert.equal(registry.state.requests, before, 'the registry was not asked');
  });
});
