/**
 * sharedRead (src/app/shared-transaction.ts): on SQLite, concurrent hot-path reads share one transaction (each
 * read alone would open its own read transaction and take the WAL lock again); on PostgreSQL they run on their own.
 * Either way a read answers with committed data only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/app/ports/store.ts';
import { sharedRead, sharedTransaction } from '../../src/app/shared-transaction.ts';
import { anAccount } from '../contracts/store.contract.ts';

/** The store, with its transactions counted; `dialect` as given (the store underneath is SQLite either way). */
function counting(store: Store, dialect: Store['dialect']): { store: Store; transactions: () => number } {
  let transactions = 0;
  const proxy = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'dialect') return dialect;
      if (key === 'transaction') return (fn: Parameters<Store['transaction']>[0]) => { transactions++; return target.transaction(fn); };
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: proxy, transactions: () => transactions };
}

test('on SQLite, concurrent reads share one transaction and each gets its own answer', async (t) => {
  const sqlite = await openSqliteStore({ file: ':memory:' });
  t.after(() => sqlite.close());
  const accounts = Array.from({ length: 20 }, () => anAccount());
  for (const account of accounts) await sqlite.accounts.insert(account);
  const { store, transactions } = counting(sqlite, 'sqlite');
  const names = await Promise.all(accounts.map((a) => sharedRead(store, async (repos) => (await repos.accounts.get(a.id))?.name)));
  assert.deepEqual(names, accounts.map((a) => a.name));
  assert.equal(transactions(), 1);
});

test('on SQLite, a read queued behind a write answers only once that write has committed, and sees it', async (t) => {
  const sqlite = await openSqliteStore({ file: ':memory:' });
  t.after(() => sqlite.close());
  const account = anAccount();
  const written = sharedTransaction(sqlite, (tx) => tx.accounts.insert(account));
  const read = sharedRead(sqlite, async (repos) => (await repos.accounts.get(account.id))?.name ?? null);
  let committed = false;
  void written.then(() => { committed = true; });
  const name = await read;
  await Promise.resolve();
  assert.equal(name, account.name);
  assert.equal(committed, true, 'the read was answered before the write it saw had committed');
});

test('on PostgreSQL, reads run on their own, outside any transaction', async (t) => {
  const sqlite = await openSqliteStore({ file: ':memory:' });
  t.after(() => sqlite.close());
  const account = anAccount();
  await sqlite.accounts.insert(account);
  const { store, transactions } = counting(sqlite, 'postgres');
  const names = await Promise.all(Array.from({ length: 5 }, () => sharedRead(store, async (repos) => (await repos.accounts.get(account.id))?.name)));
  assert.deepEqual(names, Array(5).fill(account.name));
  assert.equal(transactions(), 0);
});
