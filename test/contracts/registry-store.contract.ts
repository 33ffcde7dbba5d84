/**
 * Store contract for registry push ingestion (migration 0004): receivers, accepted events with their two dedupe
 * rules, and watched repositories. Runs on SQLite and PostgreSQL (src/adapters/store/repos/registry-repos.test.ts).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Store } from '../../src/app/ports/store.ts';
import type { ImagePushEvent } from '../../src/domain/image-push-event.ts';
import { IMAGE_PUSH_MATCH_JOB, type RegistryEvent } from '../../src/domain/registry-event.ts';
import type { RegistryReceiver } from '../../src/domain/registry-receiver.ts';
import type { WatchedRepository } from '../../src/domain/watched-repository.ts';
import { allPages, anAccount, openFor, rejectsWith, type OpenStore } from './store.contract.ts';

export function aReceiver(accountId: string, overrides: Partial<RegistryReceiver> = {}): RegistryReceiver {
  return {
    id: `rcv_${randomUUID().replaceAll('-', '')}`, accountId, name: `r-${randomUUID().slice(0, 8)}`, sender: 'distribution',
    secretCiphertext: 'sealed', registryHost: null, createdAt: 1_000, ...overrides,
  };
}

export function aPush(overrides: Partial<ImagePushEvent> = {}): ImagePushEvent {
  return {
    sender: 'distribution', eventId: randomUUID(), dedupeKey: null, registryHost: 'registry.example:5000', repository: 'shop/web',
    tag: 'v1', digest: `sha256:${'a'.repeat(64)}`, mediaType: 'application/vnd.oci.image.manifest.v1+json', pushedAt: 1_500,
    actor: 'ci', ...overrides,
  };
}

export function anEvent(accountId: string, push: Partial<ImagePushEvent> = {}, overrides: Partial<RegistryEvent> = {}): RegistryEvent {
  const p = aPush(push);
  return {
    id: randomUUID(), accountId, source: 'webhook', sourceId: 'rcv_x', receivedAt: 2_000, ...overrides,
    push: { ...p, dedupeKey: 'dedupeKey' in push ? p.dedupeKey : p.eventId },
  };
}

export function aWatch(accountId: string, overrides: Partial<WatchedRepository> = {}): WatchedRepository {
  return {
    id: randomUUID(), accountId, name: `w-${randomUUID().slice(0, 8)}`, registryUrl: 'http://127.0.0.1:5000', registryHost: '127.0.0.1:5000',
    repository: 'shop/web', tagPattern: null, intervalSeconds: 60, enabled: true, credentialsCiphertext: null, tagState: null,
    lastPolledAt: null, lastError: null, createdAt: 1_000, updatedAt: 1_000, ...overrides,
  };
}

const digest = (c: string): string => `sha256:${c.repeat(64)}`;

async function withAccount(store: Store): Promise<string> {
  const account = anAccount();
  await store.accounts.insert(account);
  return account.id;
}

export function registryStoreContract(name: string, open: OpenStore): void {
  describe(`Registry store contract: ${name}`, () => {
    receiverTests(open);
    eventTests(open);
    eventPruneTests(open);
    watchTests(open);
  });
}

function receiverTests(open: OpenStore): void {
  describe('registry receivers', () => {
    test('reads back a receiver within its account, and by id alone for the delivery route', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const receiver = aReceiver(accountId, { registryHost: 'reg.example:443', secretCiphertext: null, sender: 'docker-hub' });
      await store.registryReceivers.insert(receiver);
      assert.deepEqual(await store.registryReceivers.get(accountId, receiver.id), receiver);
      assert.deepEqual(await store.registryReceivers.find(receiver.id), receiver);
      assert.equal(await store.registryReceivers.get(randomUUID(), receiver.id), null, 'another account does not see it');
      assert.equal(await store.registryReceivers.find('rcv_nope'), null);
    });

    test('names are unique within an account; an unknown account is refused', async (t) => {
      const store = await openFor(t, open);
      const [a, b] = [await withAccount(store), await withAccount(store)];
      await store.registryReceivers.insert(aReceiver(a, { name: 'hub' }));
      await rejectsWith(store.registryReceivers.insert(aReceiver(a, { name: 'hub' })), 'NAME_TAKEN');
      await store.registryReceivers.insert(aReceiver(b, { name: 'hub' }));
      await rejectsWith(store.registryReceivers.insert(aReceiver(randomUUID())), 'ACCOUNT_NOT_FOUND');
    });

    test('lists newest first across pages, and deletes within the account only', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const receivers = [1, 2, 3, 4, 5].map((i) => aReceiver(accountId, { createdAt: i * 1_000 }));
      for (const r of receivers) await store.registryReceivers.insert(r);
      const pages = await allPages((cursor) => store.registryReceivers.list(accountId, { limit: 2, cursor }));
      assert.deepEqual(pages.flat().map((r) => r.id), receivers.map((r) => r.id).reverse());
      const [first] = receivers;
      assert.equal(await store.registryReceivers.delete(randomUUID(), first!.id), false);
      assert.equal(await store.registryReceivers.delete(accountId, first!.id), true);
      assert.equal(await store.registryReceivers.find(first!.id), null);
    });
  });
}

function eventTests(open: OpenStore): void {
  describe('registry events', () => {
    test('a new event is stored as given and read back', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const event = anEvent(accountId);
      assert.deepEqual(await store.registryEvents.insertOnce(event), { event, created: true });
      assert.deepEqual(await store.registryEvents.get(accountId, event.id), event);
      assert.equal(await store.registryEvents.get(randomUUID(), event.id), null);
    });

    test('the same transport dedupe key is a duplicate: the first event is returned', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const first = anEvent(accountId, { dedupeKey: 'delivery-1', digest: digest('1') });
      await store.registryEvents.insertOnce(first);
      const again = await store.registryEvents.insertOnce(anEvent(accountId, { dedupeKey: 'delivery-1', tag: 'other', digest: digest('2') }));
      assert.deepEqual(again, { event: first, created: false });
      const otherAccount = await withAccount(store);
      assert.equal((await store.registryEvents.insertOnce(anEvent(otherAccount, { dedupeKey: 'delivery-1' }))).created, true, 'keys are per account');
    });

    test('the same (repository, tag, digest) under another key is a duplicate (webhook and poll of one push)', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const webhook = anEvent(accountId, { digest: digest('1') });
      await store.registryEvents.insertOnce(webhook);
      const poll = anEvent(accountId, { eventId: null, dedupeKey: null, digest: digest('1') }, { source: 'poll', sourceId: 'w1' });
      assert.deepEqual(await store.registryEvents.insertOnce(poll), { event: webhook, created: false });
      // Another tag, repository or digest is another push.
      for (const push of [{ tag: 'v2' }, { repository: 'shop/api' }, { digest: digest('2') }]) {
        assert.equal((await store.registryEvents.insertOnce(anEvent(accountId, push))).created, true, JSON.stringify(push));
      }
    });

    test('a tag moved back to an earlier digest (A → B → A) is a push again', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      for (const [d, created] of [['a', true], ['a', false], ['b', true], ['a', true], ['a', false]] as const) {
        const result = await store.registryEvents.insertOnce(anEvent(accountId, { tag: 'latest', digest: digest(d) }));
        assert.equal(result.created, created, `digest ${d}`);
      }
    });

    test('untagged pushes dedupe by digest; pushes without digest only by transport key', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      assert.equal((await store.registryEvents.insertOnce(anEvent(accountId, { tag: null, digest: digest('c') }))).created, true);
      assert.equal((await store.registryEvents.insertOnce(anEvent(accountId, { tag: null, digest: digest('c') }))).created, false);
      const hub = { tag: 'v1', digest: null, eventId: null };
      assert.equal((await store.registryEvents.insertOnce(anEvent(accountId, { ...hub, dedupeKey: null }))).created, true);
      assert.equal((await store.registryEvents.insertOnce(anEvent(accountId, { ...hub, dedupeKey: null }))).created, true);
      assert.equal((await store.registryEvents.insertOnce(anEvent(accountId, { ...hub, dedupeKey: 'hub-1' }))).created, true);
      assert.equal((await store.registryEvents.insertOnce(anEvent(accountId, { ...hub, dedupeKey: 'hub-1' }))).created, false);
    });

    test('concurrent deliveries of one push accept it once, whichever key they carry', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const sameKey = await Promise.all(Array.from({ length: 6 }, () =>
        store.transaction((tx) => tx.registryEvents.insertOnce(anEvent(accountId, { dedupeKey: 'same', digest: digest('d') })))));
      assert.equal(sameKey.filter((r) => r.created).length, 1);
      assert.equal(new Set(sameKey.map((r) => r.event.id)).size, 1);
      const sameDigest = await Promise.all(Array.from({ length: 6 }, () =>
        store.transaction((tx) => tx.registryEvents.insertOnce(anEvent(accountId, { tag: 'race', digest: digest('e') })))));
      assert.equal(sameDigest.filter((r) => r.created).length, 1);
      assert.equal(new Set(sameDigest.map((r) => r.event.id)).size, 1);
      const stored = await store.registryEvents.list(accountId, { limit: 50 });
      assert.equal(stored.items.length, 2, 'the losers left no rows behind');
    });

    test('an event and its match job commit together or not at all', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const event = anEvent(accountId);
      await assert.rejects(store.transaction(async (tx) => {
        await tx.registryEvents.insertOnce(event);
        await tx.jobs.enqueue({ accountId, kind: IMAGE_PUSH_MATCH_JOB, payload: { eventId: event.id } });
        throw new Error('crash before commit');
      }), /crash before commit/);
      assert.equal(await store.registryEvents.get(accountId, event.id), null);
      assert.equal((await store.jobs.list(accountId, { limit: 10 })).length, 0);
      assert.equal((await store.registryEvents.insertOnce(event)).created, true, 'the rolled-back push is new afterwards');
    });

    test('lists newest first, filtered by repository, across pages', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const events = [1, 2, 3, 4, 5, 6].map((i) =>
        anEvent(accountId, { repository: i % 2 === 0 ? 'shop/web' : 'shop/api', tag: `v${i}` }, { receivedAt: i * 1_000 }));
      for (const e of events) await store.registryEvents.insertOnce(e);
      const all = await allPages((cursor) => store.registryEvents.list(accountId, { limit: 4, cursor }));
      assert.deepEqual(all.flat().map((e) => e.id), events.map((e) => e.id).reverse());
      const web = await allPages((cursor) => store.registryEvents.list(accountId, { limit: 2, cursor, repository: 'shop/web' }));
      assert.deepEqual(web.flat().map((e) => e.push.tag), ['v6', 'v4', 'v2']);
      assert.deepEqual((await store.registryEvents.list(randomUUID(), { limit: 10 })).items, []);
    });
  });
}

function eventPruneTests(open: OpenStore): void {
  describe('registry event retention (prune)', () => {
    test('deletes events received before the cutoff, oldest first, at most `limit` per call, in every account', async (t) => {
      const store = await openFor(t, open);
      // Accounts are walked in id order: `a` before `b`.
      const [a, b] = [`a-${randomUUID()}`, `b-${randomUUID()}`];
      for (const id of [a, b]) await store.accounts.insert(anAccount({ id }));
      // One tag moved five times: the first four events are superseded, the fifth is the tag's head.
      const moves = ['1', '2', '3', '4', '5'].map((d, i) => anEvent(a, { tag: 'latest', digest: digest(d) }, { receivedAt: 1_000 + i }));
      const otherAccount = anEvent(b, { tag: 'v1', digest: null }, { receivedAt: 1_000 });
      const recent = anEvent(a, { tag: 'v9', digest: null }, { receivedAt: 50_000 });
      for (const e of [...moves, otherAccount, recent]) assert.equal((await store.registryEvents.insertOnce(e)).created, true);
      const kept = async () => {
        const ids = [];
        for (const e of [...moves, otherAccount, recent]) if (await store.registryEvents.get(e.accountId, e.id)) ids.push(e.id);
        return ids;
      };
      assert.equal(await store.registryEvents.prune(10_000, 2), 2);
      assert.deepEqual(await kept(), [moves[2], moves[3], moves[4], otherAccount, recent].map((e) => e?.id), 'the oldest two');
      assert.equal(await store.registryEvents.prune(10_000, 2), 2);
      assert.deepEqual(await kept(), [moves[4], otherAccount, recent].map((e) => e?.id));
      assert.equal(await store.registryEvents.prune(10_000, 2), 1, 'the next account\'s');
      assert.equal(await store.registryEvents.prune(10_000, 2), 0);
      assert.deepEqual(await kept(), [moves[4], recent].map((e) => e?.id), 'the head\'s event and the recent one stay');
      const list = await store.registryEvents.list(a, { limit: 10 });
      assert.deepEqual(list.items.map((e) => e.id), [recent.id, moves[4]?.id]);
    });

    test('keeps the event each tag head points at: a re-push of that digest is still a duplicate of it', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const head = anEvent(accountId, { tag: 'v1', digest: digest('1') }, { receivedAt: 1_000 });
      const untagged = anEvent(accountId, { tag: null, digest: digest('2') }, { receivedAt: 1_000 });
      await store.registryEvents.insertOnce(head);
      await store.registryEvents.insertOnce(untagged);
      assert.equal(await store.registryEvents.prune(10_000, 100), 0);
      assert.deepEqual(await store.registryEvents.insertOnce(anEvent(accountId, { tag: 'v1', digest: digest('1') })), { event: head, created: false });
      assert.deepEqual(await store.registryEvents.insertOnce(anEvent(accountId, { tag: null, digest: digest('2') })), { event: untagged, created: false });
      // Once the tag moves on, the old head's event is history like any other.
      assert.equal((await store.registryEvents.insertOnce(anEvent(accountId, { tag: 'v1', digest: digest('3') }, { receivedAt: 50_000 }))).created, true);
      assert.equal(await store.registryEvents.prune(10_000, 100), 1);
      assert.equal(await store.registryEvents.get(accountId, head.id), null);
    });

    test('keeps an event while its image-push.match job is queued or running', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const waiting = anEvent(accountId, { tag: 'v1', digest: null }, { receivedAt: 1_000 });
      const other = anEvent(accountId, { tag: 'v2', digest: null }, { receivedAt: 1_000 });
      for (const e of [waiting, other]) await store.registryEvents.insertOnce(e);
      const { job } = await store.jobs.enqueue({ accountId, kind: IMAGE_PUSH_MATCH_JOB, payload: { eventId: waiting.id } });
      assert.equal(await store.registryEvents.prune(10_000, 100), 1, 'only the event without an active match job');
      assert.equal(await store.registryEvents.get(accountId, other.id), null);
      const claimed = await store.jobs.claim('w', 60_000);
      assert.ok(claimed && claimed.id === job.id);
      assert.equal(await store.registryEvents.prune(10_000, 100), 0, 'running');
      assert.ok(await store.registryEvents.get(accountId, waiting.id));
      assert.equal(await store.jobs.complete({ id: job.id, owner: 'w', fence: claimed.fence }, null), true);
      assert.equal(await store.registryEvents.prune(10_000, 100), 1);
      assert.equal(await store.registryEvents.get(accountId, waiting.id), null);
    });

    test('a pruned event frees its transport dedupe key: a redelivery that late is accepted again', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const first = anEvent(accountId, { dedupeKey: 'delivery-1', digest: null }, { receivedAt: 1_000 });
      await store.registryEvents.insertOnce(first);
      assert.equal((await store.registryEvents.insertOnce(anEvent(accountId, { dedupeKey: 'delivery-1', digest: null }))).created, false);
      assert.equal(await store.registryEvents.prune(10_000, 100), 1);
      assert.equal((await store.registryEvents.insertOnce(anEvent(accountId, { dedupeKey: 'delivery-1', digest: null }))).created, true);
    });
  });
}

function watchTests(open: OpenStore): void {
  describe('watched repositories', () => {
    test('reads back a watch, with and without tag state', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const fresh = aWatch(accountId, { tagPattern: '^v', credentialsCiphertext: 'sealed-creds', enabled: false });
      const polled = aWatch(accountId, { tagState: { v1: digest('1'), latest: digest('2') }, lastPolledAt: 5_000, lastError: 'x' });
      await store.watchedRepositories.insert(fresh);
      await store.watchedRepositories.insert(polled);
      assert.deepEqual(await store.watchedRepositories.get(accountId, fresh.id), fresh);
      assert.deepEqual(await store.watchedRepositories.get(accountId, polled.id), polled);
      assert.equal(await store.watchedRepositories.get(randomUUID(), fresh.id), null);
      await rejectsWith(store.watchedRepositories.insert(aWatch(accountId, { name: fresh.name })), 'NAME_TAKEN');
      await rejectsWith(store.watchedRepositories.insert(aWatch(randomUUID())), 'ACCOUNT_NOT_FOUND');
    });

    test('update replaces the settings; an unknown watch is WATCHED_REPOSITORY_NOT_FOUND', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const watch = aWatch(accountId, { tagState: { v1: digest('1') } });
      await store.watchedRepositories.insert(watch);
      const changed = { ...watch, name: 'renamed', intervalSeconds: 5, enabled: false, tagPattern: 'rc', tagState: null, updatedAt: 2_000 };
      await store.watchedRepositories.update(changed);
      assert.deepEqual(await store.watchedRepositories.get(accountId, watch.id), changed);
      await rejectsWith(store.watchedRepositories.update(aWatch(accountId)), 'WATCHED_REPOSITORY_NOT_FOUND');
    });

    test('recordPoll writes only while the settings are the ones the poll read', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const watch = aWatch(accountId);
      await store.watchedRepositories.insert(watch);
      assert.equal(await store.watchedRepositories.recordPoll(accountId, watch.id, watch.updatedAt, { tagState: { v1: digest('1') }, lastPolledAt: 3_000, lastError: null }), true);
      assert.equal(await store.watchedRepositories.recordPoll(accountId, watch.id, watch.updatedAt, { lastPolledAt: 4_000, lastError: 'registry down' }), true);
      let stored = await store.watchedRepositories.get(accountId, watch.id);
      assert.deepEqual([stored?.tagState, stored?.lastPolledAt, stored?.lastError], [{ v1: digest('1') }, 4_000, 'registry down'], 'undefined tagState keeps it');
      await store.watchedRepositories.update({ ...stored!, updatedAt: 5_000 });
      assert.equal(await store.watchedRepositories.recordPoll(accountId, watch.id, watch.updatedAt, { tagState: {}, lastPolledAt: 6_000, lastError: null }), false);
      stored = await store.watchedRepositories.get(accountId, watch.id);
      assert.deepEqual(stored?.tagState, { v1: digest('1') });
      assert.equal(await store.watchedRepositories.recordPoll(accountId, 'gone', 1_000, { lastPolledAt: 1, lastError: null }), false);
    });

    test('lists newest first across pages and deletes within the account only', async (t) => {
      const store = await openFor(t, open);
      const accountId = await withAccount(store);
      const watches = [1, 2, 3].map((i) => aWatch(accountId, { createdAt: i * 1_000 }));
      for (const w of watches) await store.watchedRepositories.insert(w);
      const pages = await allPages((cursor) => store.watchedRepositories.list(accountId, { limit: 2, cursor }));
      assert.deepEqual(pages.flat().map((w) => w.id), watches.map((w) => w.id).reverse());
      assert.equal(await store.watchedRepositories.delete(randomUUID(), watches[0]!.id), false);
      assert.equal(await store.watchedRepositories.delete(accountId, watches[0]!.id), true);
      assert.equal(await store.watchedRepositories.get(accountId, watches[0]!.id), null);
    });
  });
}
