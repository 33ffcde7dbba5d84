/**
 * ImageQuarantineRepo contract (migration 0011): SQLite (memory and file) and PostgreSQL must pass it. Each test
 * opens its own store.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Store } from '../../src/app/ports/store.ts';
import type { ImageTrigger } from '../../src/domain/image-trigger.ts';
import { holdSubjectsOf, quarantineSubjectOf, type QuarantineEntry, type QuarantineHold } from '../../src/domain/image-quarantine.ts';
import { anImageTrigger } from './image-trigger-repos.contract.ts';
import { anEvent } from './registry-store.contract.ts';
import { allPages, aSeededCluster, openFor, rejectsWith, type OpenStore } from './store.contract.ts';

const digest = (c: string): string => `sha256:${c.repeat(64)}`;

export function aQuarantineEntry(trigger: ImageTrigger, firing: { digest: string | null; tag: string }, overrides: Partial<QuarantineEntry> = {}): QuarantineEntry {
  return {
    id: randomUUID(), accountId: trigger.accountId, triggerId: trigger.id, repository: trigger.repository, ...quarantineSubjectOf(firing),
    tag: firing.tag, digest: firing.digest, image: `registry.test/${trigger.repository}:${firing.tag}`, recordId: randomUUID().replaceAll('-', ''),
    rollbackRecordId: randomUUID().replaceAll('-', ''), createdBy: { tokenId: 'tok-1', name: 'ops' }, createdAt: 5_000, heldCount: 0,
    lastHeldAt: null, lastHeldEventId: null, ...overrides,
  };
}

function aHold(entry: QuarantineEntry, eventId: string, overrides: Partial<QuarantineHold> = {}): QuarantineHold {
  return {
    id: randomUUID(), accountId: entry.accountId, triggerId: entry.triggerId, eventId, entryId: entry.id, subject: entry.subject,
    message: `Not fired: ${entry.subject} is quarantined.`, heldAt: 9_000, ...overrides,
  };
}

async function seeded(store: Store): Promise<{ accountId: string; trigger: ImageTrigger; other: ImageTrigger }> {
  const { account, cluster } = await aSeededCluster(store);
  const trigger = anImageTrigger(account.id, cluster.id);
  const other = anImageTrigger(account.id, cluster.id);
  await store.imageTriggers.insert(trigger);
  await store.imageTriggers.insert(other);
  return { accountId: account.id, trigger, other };
}

/** Stores a registry event of the trigger's repository and returns its id (holds name events by foreign key). */
async function anEventOf(store: Store, trigger: ImageTrigger, push: { tag: string; digest: string | null }): Promise<string> {
  const event = anEvent(trigger.accountId, { repository: trigger.repository, ...push });
  const stored = await store.registryEvents.insertOnce(event);
  assert.ok(stored.created);
  return stored.event.id;
}

export function imageQuarantineRepoContract(name: string, open: OpenStore): void {
  describe(`ImageQuarantineRepo contract: ${name}`, () => {
    test('insert then get round-trips every field; a second entry for the same subject is refused and the first stays', async (t) => {
      const store = await openFor(t, open);
      const { accountId, trigger, other } = await seeded(store);
      const entry = aQuarantineEntry(trigger, { digest: digest('a'), tag: 'v1' });
      assert.equal(await store.imageQuarantine.insert(entry), true);
      assert.deepEqual(await store.imageQuarantine.get(accountId, trigger.id, entry.id), entry);
      assert.equal(await store.imageQuarantine.get(accountId, other.id, entry.id), null, 'another trigger does not see it');
      assert.equal(await store.imageQuarantine.get(randomUUID(), trigger.id, entry.id), null, 'another account does not see it');

      const again = aQuarantineEntry(trigger, { digest: digest('a'), tag: 'latest' }, { createdBy: null });
      assert.equal(await store.imageQuarantine.insert(again), false);
      assert.equal(await store.imageQuarantine.get(accountId, trigger.id, again.id), null);
      const byTag = aQuarantineEntry(trigger, { digest: null, tag: 'v1' }, { createdBy: null, image: null });
      assert.equal(await store.imageQuarantine.insert(byTag), true, 'a tag entry is another subject');
      assert.deepEqual(await store.imageQuarantine.get(accountId, trigger.id, byTag.id), byTag);
      assert.equal(await store.imageQuarantine.insert(aQuarantineEntry(other, { digest: digest('a'), tag: 'v1' })), true, 'the same digest for another trigger');
      await rejectsWith(store.imageQuarantine.insert(aQuarantineEntry({ ...trigger, id: randomUUID() }, { digest: digest('b'), tag: 'v2' })), 'RESOURCE_NOT_FOUND');
    });

    test('two concurrent quarantines of one subject: exactly one writes', async (t) => {
      const store = await openFor(t, open);
      const { trigger } = await seeded(store);
      const results = await Promise.all([1, 2].map(() => store.imageQuarantine.insert(aQuarantineEntry(trigger, { digest: digest('c'), tag: 'v1' }))));
      assert.deepEqual(results.sort(), [false, true]);
      assert.equal((await store.imageQuarantine.list(trigger.accountId, trigger.id, { limit: 10 })).items.length, 1);
    });

    test('findHold: a digest entry holds that digest under any tag, a tag entry that tag with or without a digest; nothing else', async (t) => {
      const store = await openFor(t, open);
      const { accountId, trigger, other } = await seeded(store);
      const byDigest = aQuarantineEntry(trigger, { digest: digest('a'), tag: 'v1' });
      const byTag = aQuarantineEntry(trigger, { digest: null, tag: 'nightly' });
      await store.imageQuarantine.insert(byDigest);
      await store.imageQuarantine.insert(byTag);
      const hold = (push: { digest: string | null; tag: string }, triggerId = trigger.id, repository = trigger.repository) =>
        store.imageQuarantine.findHold(accountId, triggerId, repository, holdSubjectsOf(push)).then((e) => e?.id ?? null);

      assert.equal(await hold({ digest: digest('a'), tag: 'v1' }), byDigest.id);
      assert.equal(await hold({ digest: digest('a'), tag: 'latest' }), byDigest.id, 'the same content re-tagged');
      assert.equal(await hold({ digest: digest('b'), tag: 'v1' }), null, 'another digest of the same tag fires');
      assert.equal(await hold({ digest: null, tag: 'v1' }), null, 'a digest entry does not hold a digest-less push of its tag');
      assert.equal(await hold({ digest: null, tag: 'nightly' }), byTag.id);
      assert.equal(await hold({ digest: digest('b'), tag: 'nightly' }), byTag.id, 'a tag entry holds its tag whatever the digest');
      assert.equal(await hold({ digest: null, tag: 'nightly-2' }), null);
      assert.equal(await hold({ digest: digest('a'), tag: 'v1' }, other.id), null, 'only the trigger it was quarantined for');
      assert.equal(await hold({ digest: digest('a'), tag: 'v1' }, trigger.id, 'team/other'), null, 'only its repository');
      assert.equal(await store.imageQuarantine.findHold(randomUUID(), trigger.id, trigger.repository, holdSubjectsOf({ digest: digest('a'), tag: 'v1' })), null);

      // Both kinds hold the push: the digest entry explains it.
      const tagToo = aQuarantineEntry(trigger, { digest: null, tag: 'v1' }, { createdAt: 1 });
      await store.imageQuarantine.insert(tagToo);
      assert.equal(await hold({ digest: digest('a'), tag: 'v1' }), byDigest.id);
    });

    test('list is newest first and paged, per trigger; release removes one entry of that trigger only', async (t) => {
      const store = await openFor(t, open);
      const { accountId, trigger, other } = await seeded(store);
      const entries = [1, 2, 3].map((i) => aQuarantineEntry(trigger, { digest: digest(String(i)), tag: `v${i}` }, { createdAt: 1_000 * i }));
      for (const entry of entries) await store.imageQuarantine.insert(entry);
      const foreign = aQuarantineEntry(other, { digest: digest('9'), tag: 'v9' });
      await store.imageQuarantine.insert(foreign);
      const pages = await allPages((cursor) => store.imageQuarantine.list(accountId, trigger.id, { limit: 2, cursor }));
      assert.deepEqual(pages.map((p) => p.map((e) => e.tag)), [['v3', 'v2'], ['v1']]);
      assert.deepEqual((await store.imageQuarantine.list(randomUUID(), trigger.id, { limit: 10 })).items, []);

      assert.equal(await store.imageQuarantine.release(accountId, other.id, entries[1]!.id), false, 'not through another trigger');
      assert.equal(await store.imageQuarantine.release(randomUUID(), trigger.id, entries[1]!.id), false, 'not from another account');
      assert.equal(await store.imageQuarantine.release(accountId, trigger.id, entries[1]!.id), true);
      assert.equal(await store.imageQuarantine.release(accountId, trigger.id, entries[1]!.id), false, 'already released');
      assert.equal(await store.imageQuarantine.findHold(accountId, trigger.id, trigger.repository, holdSubjectsOf({ digest: digest('2'), tag: 'v2' })), null);
      assert.deepEqual((await store.imageQuarantine.list(accountId, trigger.id, { limit: 10 })).items.map((e) => e.tag), ['v3', 'v1']);
    });

    test('recordHold counts each (event, trigger) once on its entry; holds outlive a release and are read per event', async (t) => {
      const store = await openFor(t, open);
      const { accountId, trigger, other } = await seeded(store);
      const entry = aQuarantineEntry(trigger, { digest: digest('a'), tag: 'v1' });
      await store.imageQuarantine.insert(entry);
      const first = await anEventOf(store, trigger, { tag: 'latest', digest: digest('a') });
      const second = await anEventOf(store, trigger, { tag: 'stable', digest: digest('a') });

      const hold = aHold(entry, first, { heldAt: 9_000 });
      assert.equal(await store.imageQuarantine.recordHold(hold), true);
      assert.equal(await store.imageQuarantine.recordHold(aHold(entry, first, { heldAt: 9_500 })), false, 'a re-run match job');
      assert.equal(await store.imageQuarantine.recordHold(aHold(entry, second, { heldAt: 10_000 })), true);
      const counted = await store.imageQuarantine.get(accountId, trigger.id, entry.id);
      assert.deepEqual([counted?.heldCount, counted?.lastHeldAt, counted?.lastHeldEventId], [2, 10_000, second]);

      assert.deepEqual(await store.imageQuarantine.holdsForEvents(accountId, [first]), [hold]);
      assert.deepEqual((await store.imageQuarantine.holdsForEvents(accountId, [first, second, randomUUID()])).map((h) => h.eventId), [first, second]);
      assert.deepEqual(await store.imageQuarantine.holdsForEvents(randomUUID(), [first]), []);
      assert.deepEqual(await store.imageQuarantine.holdsForEvents(accountId, []), []);

      await store.imageQuarantine.release(accountId, trigger.id, entry.id);
      assert.deepEqual(await store.imageQuarantine.holdsForEvents(accountId, [first]), [hold], 'the explanation stays');
      await rejectsWith(store.imageQuarantine.recordHold(aHold(entry, randomUUID())), 'REGISTRY_EVENT_NOT_FOUND');
      assert.equal(await store.imageQuarantine.recordHold(aHold({ ...entry, triggerId: other.id }, first)), true, 'another trigger holds the same event separately');
    });

    test('deleting a trigger deletes its entries and holds; pruning an event deletes its holds', async (t) => {
      const store = await openFor(t, open);
      const { accountId, trigger, other } = await seeded(store);
      const entry = aQuarantineEntry(trigger, { digest: digest('a'), tag: 'v1' });
      const kept = aQuarantineEntry(other, { digest: null, tag: 'v1' });
      await store.imageQuarantine.insert(entry);
      await store.imageQuarantine.insert(kept);
      // Digest-less events: no tag head points at them, so retention may delete them.
      const held = await anEventOf(store, trigger, { tag: 'v1', digest: null });
      await store.imageQuarantine.recordHold(aHold(entry, held));
      await store.imageQuarantine.recordHold(aHold(kept, held));

      assert.equal(await store.imageTriggers.delete(accountId, trigger.id), true);
      assert.equal(await store.imageQuarantine.get(accountId, trigger.id, entry.id), null);
      assert.deepEqual((await store.imageQuarantine.holdsForEvents(accountId, [held])).map((h) => h.triggerId), [other.id]);

      assert.equal(await store.registryEvents.prune(Number.MAX_SAFE_INTEGER, 100), 1);
      assert.deepEqual(await store.imageQuarantine.holdsForEvents(accountId, [held]), []);
      assert.ok(await store.imageQuarantine.get(accountId, other.id, kept.id), 'entries do not depend on events');
    });

    test('a hold written in a transaction that rolls back leaves no count', async (t) => {
      const store = await openFor(t, open);
      const { accountId, trigger } = await seeded(store);
      const entry = aQuarantineEntry(trigger, { digest: digest('a'), tag: 'v1' });
      await store.imageQuarantine.insert(entry);
      const event = await anEventOf(store, trigger, { tag: 'v1', digest: digest('a') });
      await assert.rejects(store.transaction(async (tx) => {
        await tx.imageQuarantine.recordHold(aHold(entry, event));
        throw new Error('abort');
      }), /abort/);
      assert.equal((await store.imageQuarantine.get(accountId, trigger.id, entry.id))?.heldCount, 0);
      assert.deepEqual(await store.imageQuarantine.holdsForEvents(accountId, [event]), []);
    });
  });
}
