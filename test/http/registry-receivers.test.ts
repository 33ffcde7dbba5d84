/**
 * Registry receivers over HTTP (in-process, real SQLite): configuration, and deliveries of recorded vendor payloads
 * with good and bad signatures, duplicates, non-push events and content types. The real registry's deliveries are
 * in test/integration/registry-push.int.test.ts.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { signStandardWebhook } from '../../src/adapters/webhooks/standard-webhooks.ts';
import { IMAGE_PUSH_MATCH_JOB } from '../../src/domain/registry-event.ts';
import { RECEIVER_ID_PATTERN } from '../../src/domain/registry-receiver.ts';
import { loadFixture, rawBodyOf } from '../fixtures/registry-webhooks/registry-webhook-fixtures.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const SECRET = 'notify-s3cret-0123456789';
const V1 = 'application/vnd.docker.distribution.events.v1+json';

describe('registry receivers', () => {
  let t: TestApp;
  const logLines: string[] = [];
  before(async () => {
    const destination = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
    t = await buildTestApp({ logLevel: 'debug', logDestination: destination as never, bodyLimitBytes: 64 * 1024 });
  });
  after(() => t.close());

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers = t.admin) =>
    t.server.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const createReceiver = async (body: object) => {
    const res = await api('POST', '/api/v1/registry-receivers', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; url: string };
  };
  const deliver = (id: string, body: Buffer | string, headers: Record<string, string>) =>
    t.server.inject({ method: 'POST', url: `/api/v1/registry-events/${id}`, headers, payload: body });
  const matchJobs = async () => (await t.deps.store.jobs.list(t.accountId, { limit: 200, kind: IMAGE_PUSH_MATCH_JOB }));

  test('a receiver is created with an unguessable id and a URL; its secret is sealed and never returned', async () => {
    const res = await api('POST', '/api/v1/registry-receivers', { name: 'hub-registry', sender: 'distribution', secret: SECRET, registryHost: 'registry.example:5000' });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.match(body.id, new RegExp(RECEIVER_ID_PATTERN));
    assert.equal(body.url, `http://capstan.test/api/v1/registry-events/${body.id}`);
    assert.deepEqual(
      { sender: body.sender, auth: body.auth, hasSecret: body.hasSecret, registryHost: body.registryHost },
      { sender: 'distribution', auth: 'shared-header', hasSecret: true, registryHost: 'registry.example:5000' },
    );
    assert.ok(body.contentTypes.includes(V1));
    assert.ok(!res.body.includes(SECRET));
    const stored = await t.deps.store.registryReceivers.get(t.accountId, body.id);
    assert.ok(stored?.secretCiphertext && !stored.secretCiphertext.includes(SECRET));
    assert.equal(t.deps.secrets.open(stored.secretCiphertext), SECRET);

    const got = await api('GET', `/api/v1/registry-receivers/${body.id}`);
    assert.deepEqual(got.json(), body);
    const list = await api('GET', '/api/v1/registry-receivers?limit=50');
    assert.ok(list.json().items.some((r: { id: string }) => r.id === body.id));
    assert.ok(!got.body.includes(SECRET) && !list.body.includes(SECRET));
  });

  test('bad configurations are refused with the failing field', async () => {
    const cases: [object, number, string, string][] = [
      [{ name: 'x', sender: 'gitlab' }, 400, 'VALIDATION_FAILED', '/body/sender'],
      [{ name: 'x', sender: 'docker-hub', secret: SECRET }, 400, 'VALIDATION_FAILED', '/body/secret'],
      [{ name: 'x', sender: 'harbor', registryHost: 'not a host' }, 400, 'VALIDATION_FAILED', '/body/registryHost'],
      [{ name: 'x', sender: 'harbor', secret: 'short' }, 400, 'VALIDATION_FAILED', '/body/secret'],
    ];
    for (const [body, status, code, pointer] of cases) {
      const res = await api('POST', '/api/v1/registry-receivers', body);
      assert.equal(res.statusCode, status, JSON.stringify(body));
      assert.equal(res.json().code, code);
      assert.equal(res.json().errors[0].pointer, pointer, JSON.stringify(body));
    }
    await createReceiver({ name: 'twice', sender: 'quay' });
    const dup = await api('POST', '/api/v1/registry-receivers', { name: 'twice', sender: 'quay' });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'NAME_TAKEN');
  });

  test('receiver URLs are shown only to roles that may configure them', async () => {
    const viewer = await t.tokenFor('viewer');
    assert.equal((await api('GET', '/api/v1/registry-receivers', undefined, viewer)).statusCode, 403);
    assert.equal((await api('GET', '/api/v1/registry-events', undefined, viewer)).statusCode, 200);
  });

  test('a Distribution delivery with the right secret is stored with its match job; the same delivery again is a duplicate', async () => {
    const { id } = await createReceiver({ name: 'dist', sender: 'distribution', secret: SECRET });
    const fixture = loadFixture('distribution');
    const jobsBefore = (await matchJobs()).length;
    const first = await deliver(id, rawBodyOf(fixture), { 'content-type': V1, authorization: `Bearer ${SECRET}` });
    assert.equal(first.statusCode, 202, first.body);
    const accepted = first.json();
    assert.equal(accepted.status, 'accepted');
    assert.equal(accepted.events.length, 1, 'layer pushes in the envelope are not image pushes');
    const eventId = accepted.events[0].id;

    const event = (await api('GET', `/api/v1/registry-events/${eventId}`)).json();
    assert.deepEqual(
      { source: event.source, sourceId: event.sourceId, sender: event.sender, eventId: event.eventId, registryHost: event.registryHost, repository: event.repository, tag: event.tag, digest: event.digest },
      { source: 'webhook', sourceId: id, sender: 'distribution', eventId: 'asdf-asdf-asdf-asdf-0', registryHost: 'registrycluster.local', repository: 'library/test', tag: null, digest: 'sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf' },
    );
    const jobs = await matchJobs();
    assert.equal(jobs.length, jobsBefore + 1);
    assert.deepEqual(jobs.find((j) => (j.payload as { eventId: string }).eventId === eventId)?.payload, { eventId });

    const again = await deliver(id, rawBodyOf(fixture), { 'content-type': V1, authorization: `Bearer ${SECRET}` });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), { status: 'duplicate', reason: null, events: [{ id: eventId, created: false }] });
    assert.equal((await matchJobs()).length, jobsBefore + 1, 'no second job');
    const events = (await api('GET', '/api/v1/registry-events?repository=library/test')).json();
    assert.equal(events.items.length, 1);
  });

  test('a wrong or missing shared secret is 401 and stores nothing', async () => {
    const { id } = await createReceiver({ name: 'dist-auth', sender: 'distribution', secret: SECRET });
    const body = rawBodyOf(loadFixture('distribution'));
    const wrong = await deliver(id, body, { 'content-type': V1, authorization: 'Bearer not-the-secret-at-all' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().code, 'TOKEN_INVALID');
    const missing = await deliver(id, body, { 'content-type': V1 });
    assert.equal(missing.statusCode, 401);
    assert.equal(missing.json().code, 'TOKEN_MISSING');
    const events = await t.deps.store.registryEvents.list(t.accountId, { limit: 200 });
    assert.ok(events.items.every((e) => e.sourceId !== id));
  });

  test('GitHub, Nexus and Standard Webhooks signatures are verified over the raw bytes', async () => {
    const github = loadFixture('github-packages');
    const gh = await createReceiver({ name: 'ghcr', sender: 'github-packages', secret: github.signatureTest!.secret });
    const good = await deliver(gh.id, rawBodyOf(github), github.headers);
    assert.equal(good.statusCode, 202, good.body);
    const tampered = Buffer.from(rawBodyOf(github).toString('utf8').replace('hello-world', 'hello-worle'));
    const bad = await deliver(gh.id, tampered, github.headers);
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().code, 'SIGNATURE_INVALID');

    const nexus = loadFixture('nexus');
    const nx = await createReceiver({ name: 'nexus', sender: 'nexus', secret: nexus.signatureTest!.secret, registryHost: 'nexus.example:8443' });
    const nexusGood = await deliver(nx.id, rawBodyOf(nexus), nexus.headers);
    assert.equal(nexusGood.statusCode, 202, nexusGood.body);
    const stored = await t.deps.store.registryEvents.get(t.accountId, nexusGood.json().events[0].id);
    assert.equal(stored?.push.registryHost, 'nexus.example:8443', 'the receiver fills in the host Nexus cannot name');
    const nexusBad = await deliver(nx.id, rawBodyOf(nexus), { ...nexus.headers, 'X-Nexus-Webhook-Signature': createHmac('sha1', 'other').update(rawBodyOf(nexus)).digest('hex') });
    assert.equal(nexusBad.statusCode, 401);

    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sw = await createReceiver({ name: 'ci-announcer', sender: 'standard-webhooks', secret });
    const payload = JSON.stringify({ type: 'image.pushed', timestamp: new Date().toISOString(), data: { repository: 'shop/api', tag: 'v9', digest: `sha256:${'9'.repeat(64)}`, registry: 'registry.example' } });
    const ts = Math.floor(Date.now() / 1000);
    const signed = { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(ts) };
    const ok = await deliver(sw.id, payload, { ...signed, 'webhook-signature': signStandardWebhook(secret, 'msg_1', ts, payload) });
    assert.equal(ok.statusCode, 202, ok.body);
    const forged = await deliver(sw.id, payload, { ...signed, 'webhook-id': 'msg_2', 'webhook-signature': signStandardWebhook('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'msg_2', ts, payload) });
    assert.equal(forged.statusCode, 401);
    const old = await deliver(sw.id, payload, { ...signed, 'webhook-timestamp': String(ts - 3_600), 'webhook-signature': signStandardWebhook(secret, 'msg_1', ts - 3_600, payload) });
    assert.equal(old.statusCode, 401);
    assert.equal(old.json().code, 'SIGNATURE_EXPIRED');
  });

  test('senders that cannot sign are authenticated by the URL alone, and each sender\'s own content type is accepted', async () => {
    const hub = await createReceiver({ name: 'docker-hub', sender: 'docker-hub' });
    const dockerhub = loadFixture('dockerhub');
    const res = await deliver(hub.id, rawBodyOf(dockerhub), dockerhub.headers);
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(res.json().events.length, 1);

    const harbor = await createReceiver({ name: 'harbor-ce', sender: 'harbor', secret: SECRET });
    const ce = loadFixture('harbor-cloudevents');
    const ceRes = await deliver(harbor.id, rawBodyOf(ce), { 'content-type': 'application/cloudevents+json', authorization: SECRET });
    assert.equal(ceRes.statusCode, 202, ceRes.body);

    const dist = await createReceiver({ name: 'dist-ct', sender: 'distribution' });
    const text = await deliver(dist.id, rawBodyOf(loadFixture('distribution')), { 'content-type': 'text/plain' });
    assert.equal(text.statusCode, 415);
    assert.equal(text.json().code, 'UNSUPPORTED_MEDIA_TYPE');
    const none = await t.server.inject({ method: 'POST', url: `/api/v1/registry-events/${dist.id}`, payload: Buffer.from('{"events":[]}') });
    assert.equal(none.statusCode, 415, none.body);
    const garbage = await deliver(dist.id, '{"events": [', { 'content-type': V1 });
    assert.equal(garbage.statusCode, 400);
    assert.equal(garbage.json().code, 'MALFORMED_BODY');
  });

  test('valid deliveries that are not pushes are acknowledged with 200 and stored as nothing', async () => {
    const { id } = await createReceiver({ name: 'dist-pull', sender: 'distribution', secret: SECRET });
    const before = (await t.deps.store.registryEvents.list(t.accountId, { limit: 500 })).items.length;
    const res = await deliver(id, rawBodyOf(loadFixture('distribution-nonpush')), { 'content-type': V1, authorization: `Bearer ${SECRET}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'ignored');
    assert.match(res.json().reason, /pull/);
    assert.equal((await t.deps.store.registryEvents.list(t.accountId, { limit: 500 })).items.length, before);
  });

  test('unknown receivers are 404, oversized bodies 413; a deleted receiver stops answering but its events stay', async () => {
    const unknown = await deliver('rcv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '{}', { 'content-type': V1 });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().code, 'RECEIVER_NOT_FOUND');

    const { id } = await createReceiver({ name: 'short-lived', sender: 'quay' });
    const huge = await deliver(id, Buffer.alloc(70 * 1024, 0x20), { 'content-type': 'application/json' });
    assert.equal(huge.statusCode, 413);
    const quay = loadFixture('quay');
    const accepted = await deliver(id, rawBodyOf(quay), quay.headers);
    assert.equal(accepted.statusCode, 202, accepted.body);
    assert.equal((await api('DELETE', `/api/v1/registry-receivers/${id}`)).statusCode, 204);
    assert.equal((await api('DELETE', `/api/v1/registry-receivers/${id}`)).statusCode, 404);
    assert.equal((await deliver(id, rawBodyOf(quay), quay.headers)).statusCode, 404);
    const kept = await api('GET', `/api/v1/registry-events/${accepted.json().events[0].id}`);
    assert.equal(kept.statusCode, 200);
    assert.equal((await api('GET', '/api/v1/registry-events/nope')).json().code, 'REGISTRY_EVENT_NOT_FOUND');
  });

  test('the event list pages newest first and filters by repository', async () => {
    const { id } = await createReceiver({ name: 'pager', sender: 'standard-webhooks' });
    for (const tag of ['p1', 'p2', 'p3']) {
      const payload = JSON.stringify({ type: 'image.pushed', data: { repository: 'shop/pager', tag, digest: `sha256:${tag.padEnd(64, '0')}` } });
      assert.equal((await deliver(id, payload, { 'content-type': 'application/json', 'webhook-id': `pg-${tag}` })).statusCode, 202);
    }
    const first = (await api('GET', '/api/v1/registry-events?repository=shop/pager&limit=2')).json();
    assert.deepEqual(first.items.map((e: { tag: string }) => e.tag), ['p3', 'p2']);
    const second = (await api('GET', `/api/v1/registry-events?repository=shop/pager&limit=2&cursor=${first.nextCursor}`)).json();
    assert.deepEqual(second.items.map((e: { tag: string }) => e.tag), ['p1']);
    assert.equal(second.nextCursor, null);
  });

  test('secrets never reach the log, whatever the outcome', () => {
    const all = logLines.join('');
    assert.ok(all.length > 0, 'the test ran with logging on');
    assert.ok(!all.includes(SECRET), 'the receiver secret was logged');
    assert.ok(!all.includes("It's a Secret to Everybody"));
  });
});
