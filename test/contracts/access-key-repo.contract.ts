/**
 * AccessKeyRepo contract: SQLite (memory and file) and PostgreSQL must pass it. Each test opens its own store.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Store } from '../../src/app/ports/store.ts';
import type { AccessKey } from '../../src/domain/access-key.ts';
import { allPages, anAccount, aToken, openFor, rejectsWith, type OpenStore } from './store.contract.ts';

let counter = 0;
export function anAccessKey(accountId: string, tokenId: string, overrides: Partial<AccessKey> = {}): AccessKey {
  counter += 1;
  const suffix = randomUUID().replaceAll('-', '').toUpperCase().replace(/[^A-Z2-7]/g, 'Q').slice(0, 20).padEnd(20, 'Q');
  return {
    id: `CAPK${suffix}`, accountId, tokenId, slot: 1, secretCiphertext: `v1.sealed-${counter}`, createdAt: 1_000 + counter,
    lastUsedAt: null, ...overrides,
  };
}

async function seeded(store: Store): Promise<{ accountId: string; tokenId: string }> {
  const account = anAccount();
  await store.accounts.insert(account);
  const token = aToken(account.id);
  await store.tokens.insert(token);
  return { accountId: account.id, tokenId: token.id };
}

export function accessKeyRepoContract(name: string, open: OpenStore): void {
  describe(`AccessKeyRepo contract: ${name}`, () => {
    test('insert then find by id round-trips every field; an unknown id is null', async (t) => {
      const store = await openFor(t, open);
      const { accountId, tokenId } = await seeded(store);
      const key = anAccessKey(accountId, tokenId, { slot: 2, lastUsedAt: 5_000 });
      await store.accessKeys.insert(key);
      assert.deepEqual(await store.accessKeys.find(key.id), key);
      assert.equal(await store.accessKeys.find('CAPKAAAAAAAAAAAAAAAAAAAA'), null);
    });

    test('a token holds one key per slot: a taken slot is ACCESS_KEY_LIMIT, a taken id ID_TAKEN, an unknown token TOKEN_NOT_FOUND', async (t) => {
      const store = await openFor(t, open);
      const { accountId, tokenId } = await seeded(store);
      const first = anAccessKey(accountId, tokenId, { slot: 1 });
      await store.accessKeys.insert(first);
      await rejectsWith(store.accessKeys.insert(anAccessKey(accountId, tokenId, { slot: 1 })), 'ACCESS_KEY_LIMIT');
      await rejectsWith(store.accessKeys.insert({ ...anAccessKey(accountId, tokenId, { slot: 2 }), id: first.id }), 'ID_TAKEN');
      await rejectsWith(store.accessKeys.insert(anAccessKey(accountId, randomUUID(), { slot: 1 })), 'TOKEN_NOT_FOUND');
      await store.accessKeys.insert(anAccessKey(accountId, tokenId, { slot: 2 }));
      const page = await store.accessKeys.listByToken(accountId, tokenId, { limit: 10 });
      assert.deepEqual(page.items.map((k) => k.slot).sort(), [1, 2]);
    });

    test('the store refuses a slot other than 1 or 2', async (t) => {
      const store = await openFor(t, open);
      const { accountId, tokenId } = await seeded(store);
      await assert.rejects(store.accessKeys.insert(anAccessKey(accountId, tokenId, { slot: 3 })));
      assert.equal((await store.accessKeys.listByToken(accountId, tokenId, { limit: 10 })).items.length, 0);
    });

    test('two concurrent inserts into the same slot: exactly one wins', async (t) => {
      const store = await openFor(t, open);
      const { accountId, tokenId } = await seeded(store);
      const results = await Promise.allSettled([1, 2].map(() => store.accessKeys.insert(anAccessKey(accountId, tokenId, { slot: 1 }))));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const failed = results.find((r) => r.status === 'rejected');
      assert.equal((failed as PromiseRejectedResult).reason.code, 'ACCESS_KEY_LIMIT');
    });

    test('lists a token\'s keys newest first, paged, and never another token\'s or account\'s', async (t) => {
      const store = await openFor(t, open);
      const a = await seeded(store);
      const other = aToken(a.accountId);
      await store.tokens.insert(other);
      const b = await seeded(store);
      const older = anAccessKey(a.accountId, a.tokenId, { slot: 1, createdAt: 2_000 });
      const newer = anAccessKey(a.accountId, a.tokenId, { slot: 2, createdAt: 3_000 });
      for (const key of [older, newer, anAccessKey(a.accountId, other.id), anAccessKey(b.accountId, b.tokenId)]) await store.accessKeys.insert(key);
      const pages = await allPages((cursor) => store.accessKeys.listByToken(a.accountId, a.tokenId, { limit: 1, cursor }));
      assert.deepEqual(pages.flat().map((k) => k.id), [newer.id, older.id]);
      assert.deepEqual((await store.accessKeys.listByToken(b.accountId, a.tokenId, { limit: 10 })).items, []);
    });

    test('delete is scoped to the account and token and reports whether a key went', async (t) => {
      const store = await openFor(t, open);
      const a = await seeded(store);
      const b = await seeded(store);
      const key = anAccessKey(a.accountId, a.tokenId);
      await store.accessKeys.insert(key);
      assert.equal(await store.accessKeys.delete(b.accountId, a.tokenId, key.id), false);
      assert.equal(await store.accessKeys.delete(a.accountId, b.tokenId, key.id), false);
      assert.ok(await store.accessKeys.find(key.id));
      assert.equal(await store.accessKeys.delete(a.accountId, a.tokenId, key.id), true);
      assert.equal(await store.accessKeys.find(key.id), null);
      assert.equal(await store.accessKeys.delete(a.accountId, a.tokenId, key.id), false);
    });

    test('deleting the token deletes its keys', async (t) => {
      const store = await openFor(t, open);
      const { accountId, tokenId } = await seeded(store);
      const keys = [anAccessKey(accountId, tokenId, { slot: 1 }), anAccessKey(accountId, tokenId, { slot: 2 })];
      for (const key of keys) await store.accessKeys.insert(key);
      assert.equal(await store.tokens.delete(accountId, tokenId), true);
      for (const key of keys) assert.equal(await store.accessKeys.find(key.id), null);
    });

    test('touch records the last use; a rolled-back insert leaves nothing', async (t) => {
      const store = await openFor(t, open);
      const { accountId, tokenId } = await seeded(store);
      const key = anAccessKey(accountId, tokenId);
      await store.accessKeys.insert(key);
      await store.accessKeys.touch(key.id, 9_000);
      assert.equal((await store.accessKeys.find(key.id))?.lastUsedAt, 9_000);
      const doomed = anAccessKey(accountId, tokenId, { slot: 2 });
      await assert.rejects(store.transaction(async (tx) => {
        await tx.accessKeys.insert(doomed);
        throw new Error('roll back');
      }));
      assert.equal(await store.accessKeys.find(doomed.id), null);
    });
  });
}
