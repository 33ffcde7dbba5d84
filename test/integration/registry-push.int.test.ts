/**
 * Push ingestion against a real registry: Debian's docker-registry (CNCF Distribution 2.8) on loopback, pushed to
 * with plain HTTP calls (test/helpers/docker-registry.ts), and Capstan listening on loopback with a real worker.
 *
 * - webhooks: the registry's own notifications reach a receiver and become one event + one `image-push.match` job;
 *   a redelivered notification and a re-push of the same image add nothing;
 * - polling with webhooks off: a watch picks up a new tag and a moved digest, anonymously and through the
 *   registry's token authentication (a real `WWW-Authenticate: Bearer` challenge).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RegistryEvent } from '../../src/domain/registry-event.ts';
import { IMAGE_PUSH_MATCH_JOB } from '../../src/domain/registry-event.ts';
import { dockerRegistrySkipReason, startDockerRegistry, type DockerRegistry } from '../helpers/docker-registry.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';
import { until } from '../helpers/until.ts';

const skip = dockerRegistrySkipReason();
const NOTIFY_SECRET = 'registry-notify-secret-42';

/** A Distribution envelope holding a manifest push (the registry also notifies blob pushes and pulls). */
function isManifestPush(body: Buffer): boolean {
  const { events } = JSON.parse(body.toString('utf8')) as { events: { action: string; target: { mediaType: string } }[] };
  return events.some((e) => e.action === 'push' && e.target.mediaType.includes('manifest'));
}

describe('registry push ingestion with a real docker-registry', { skip }, () => {
  let t: TestApp;
  let base: string;
  const registries: DockerRegistry[] = [];
  before(async () => {
    t = await buildTestApp({ worker: true });
    base = await t.server.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    for (const r of registries) await r.close();
    await t.close();
  });

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: t.admin, ...(payload ? { payload } : {}) });
  const start = async (options: Parameters<typeof startDockerRegistry>[0] = {}) => {
    const registry = await startDockerRegistry(options);
    registries.push(registry);
    return registry;
  };
  const eventsOf = async (repository: string): Promise<RegistryEvent[]> =>
    (await t.deps.store.registryEvents.list(t.accountId, { limit: 200, repository })).items;
  const matchJobsFor = async (events: readonly RegistryEvent[]) => {
    const ids = new Set(events.map((e) => e.id));
    return (await t.deps.store.jobs.list(t.accountId, { limit: 500, kind: IMAGE_PUSH_MATCH_JOB }))
      .filter((j) => ids.has((j.payload as { eventId: string }).eventId));
  };

  test('a push notified by the registry becomes one event and one match job; redelivery and re-push add nothing', async () => {
    const receiver = (await api('POST', '/api/v1/registry-receivers', { name: 'local-registry', sender: 'distribution', secret: NOTIFY_SECRET })).json();
    const target = `${base}/api/v1/registry-events/${receiver.id}`;
    // A relay between the registry and Capstan that keeps each manifest-push delivery, to redeliver one verbatim.
    const recorded: { headers: Record<string, string>; body: Buffer; status: number }[] = [];
    const relay: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const headers = { 'content-type': req.headers['content-type'] ?? '', authorization: req.headers.authorization ?? '' };
        fetch(target, { method: 'POST', headers, body }).then(async (answer) => {
          await answer.arrayBuffer();
          if (isManifestPush(body)) recorded.push({ headers, body, status: answer.status });
          res.writeHead(answer.status).end();
        }, () => res.writeHead(502).end());
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    after(() => new Promise<void>((resolve) => relay.close(() => resolve())));
    const relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/`;

    const registry = await start({ notifyUrl: relayUrl, notifyHeaders: { Authorization: `Bearer ${NOTIFY_SECRET}` } });
    const pushed = await registry.push('shop/web', 'v1');

    const [event] = await until('the push event', async () => {
      const events = await eventsOf('shop/web');
      return events.length > 0 ? events : null;
    });
    assert.ok(event);
    assert.deepEqual(
      { source: event.source, sourceId: event.sourceId, sender: event.push.sender, host: event.push.registryHost, tag: event.push.tag, digest: event.push.digest, mediaType: event.push.mediaType },
      { source: 'webhook', sourceId: receiver.id, sender: 'distribution', host: registry.host, tag: 'v1', digest: pushed.digest, mediaType: pushed.mediaType },
    );
    assert.ok(event.push.eventId, 'the registry event id is kept');
    assert.deepEqual((await matchJobsFor([event])).map((j) => j.payload), [{ eventId: event.id }]);
    const delivered = await until('the recorded delivery', async () => recorded[0]);
    assert.equal(delivered.status, 202);

    // The registry retries a delivery it thinks failed: the same bytes again.
    const redelivered = await fetch(target, { method: 'POST', headers: delivered.headers, body: delivered.body });
    assert.equal(redelivered.status, 200);
    assert.equal(((await redelivered.json()) as { status: string }).status, 'duplicate');
    // The same image pushed again: a new notification (new id), the same (repository, tag, digest).
    await registry.push('shop/web', 'v1');
    await until('the re-push notification', async () => recorded.length >= 2);
    assert.equal(recorded[1]?.status, 200, 'acknowledged as a duplicate');
    const events = await eventsOf('shop/web');
    assert.equal(events.length, 1);
    assert.equal((await matchJobsFor(events)).length, 1);

    // A push to another tag is another event.
    const v2 = await registry.push('shop/web', 'v2', 'second build');
    const second = await until('the v2 event', async () => (await eventsOf('shop/web')).find((e) => e.push.tag === 'v2'));
    assert.equal(second.push.digest, v2.digest);
    assert.equal((await matchJobsFor(await eventsOf('shop/web'))).length, 2);
  });

  test('polling picks up a tag pushed while webhooks are off, and a moved digest', async () => {
    const registry = await start();
    const v1 = await registry.push('shop/poll', 'v1');
    const created = await api('POST', '/api/v1/watched-repositories', { name: 'poll-anon', registryUrl: registry.url, repository: 'shop/poll', intervalSeconds: 1 });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;
    await until('the baseline poll', async () => (await api('GET', `/api/v1/watched-repositories/${id}`)).json().trackedTags === 1);
    assert.deepEqual(await eventsOf('shop/poll'), [], 'the baseline reports nothing');

    const v2 = await registry.push('shop/poll', 'v2', 'new tag');
    const added = await until('the new tag', async () => (await eventsOf('shop/poll')).find((e) => e.push.tag === 'v2'));
    assert.deepEqual(
      { source: added.source, sourceId: added.sourceId, host: added.push.registryHost, digest: added.push.digest, mediaType: added.push.mediaType },
      { source: 'poll', sourceId: id, host: registry.host, digest: v2.digest, mediaType: v2.mediaType },
    );

    const moved = await registry.push('shop/poll', 'v1', 'rebuilt v1');
    assert.notEqual(moved.digest, v1.digest);
    const retagged = await until('the moved digest', async () => (await eventsOf('shop/poll')).find((e) => e.push.tag === 'v1'));
    assert.equal(retagged.push.digest, moved.digest);

    await sleep(1_500); // more polls: nothing changed, nothing new
    const events = await eventsOf('shop/poll');
    assert.equal(events.length, 2);
    assert.equal((await matchJobsFor(events)).length, 2);
    const watch = (await api('GET', `/api/v1/watched-repositories/${id}`)).json();
    assert.deepEqual([watch.trackedTags, watch.lastError], [2, null]);
    assert.equal((await api('PATCH', `/api/v1/watched-repositories/${id}`, { enabled: false })).statusCode, 200);
  });

  test('polling through the registry\'s token authentication, and a clear error for refused credentials', async () => {
    const registry = await start({ tokenAuth: { users: { robot: 'pull-secret-7' } } });
    await registry.push('shop/private', 'v1');
    const good = (await api('POST', '/api/v1/watched-repositories', {
      name: 'poll-token', registryUrl: registry.url, repository: 'shop/private', intervalSeconds: 1,
      credentials: { username: 'robot', password: 'pull-secret-7' },
    })).json();
    const bad = (await api('POST', '/api/v1/watched-repositories', {
      name: 'poll-token-bad', registryUrl: registry.url, repository: 'shop/private', intervalSeconds: 1,
      credentials: { username: 'robot', password: 'wrong' },
    })).json();
    await until('the baseline poll', async () => (await api('GET', `/api/v1/watched-repositories/${good.id}`)).json().trackedTags === 1);
    const pushed = await registry.push('shop/private', 'v2', 'private build');
    const event = await until('the new private tag', async () => (await eventsOf('shop/private')).find((e) => e.push.tag === 'v2'));
    assert.equal(event.push.digest, pushed.digest);

    const refused = await until('the refused poll', async () => {
      const w = (await api('GET', `/api/v1/watched-repositories/${bad.id}`)).json();
      return w.lastError ? w : null;
    });
    assert.match(refused.lastError, /refused the stored credentials/);
    assert.ok(!refused.lastError.includes('wrong'));
    assert.equal(refused.trackedTags, null);
    for (const w of [good, bad]) await api('PATCH', `/api/v1/watched-repositories/${w.id}`, { enabled: false });
  });

  test('a watch and a receiver on one registry turn one push into one event', async () => {
    const receiver = (await api('POST', '/api/v1/registry-receivers', { name: 'both', sender: 'distribution' })).json();
    const registry = await start({ notifyUrl: `${base}/api/v1/registry-events/${receiver.id}` });
    await registry.push('shop/both', 'v1');
    const watch = (await api('POST', '/api/v1/watched-repositories', { name: 'both', registryUrl: registry.url, repository: 'shop/both', intervalSeconds: 1 })).json();
    await until('the baseline poll', async () => (await api('GET', `/api/v1/watched-repositories/${watch.id}`)).json().trackedTags === 1);
    await registry.push('shop/both', 'v2', 'seen twice');
    await until('the push to be seen by the poll too', async () => (await api('GET', `/api/v1/watched-repositories/${watch.id}`)).json().trackedTags === 2);
    await sleep(500); // the notification went out at push time; give a slow one time to land before counting
    const events = (await eventsOf('shop/both')).filter((e) => e.push.tag === 'v2');
    assert.equal(events.length, 1, 'webhook and poll of one push are one event');
    assert.equal((await matchJobsFor(events)).length, 1);
    await api('PATCH', `/api/v1/watched-repositories/${watch.id}`, { enabled: false });
  });
});
