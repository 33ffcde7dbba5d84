/**
 * Runs a store contract on every backend: SQLite in memory, SQLite in a file (a new one per store), and PostgreSQL
 * (a fresh database per store, dropped when the file's tests end) when CAPSTAN_TEST_DATABASE_URL is set; without
 * it, one skipped test named `skipTitle` says why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { openPostgresStore } from '../../src/adapters/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/app/ports/store.ts';
import type { OpenStore } from '../contracts/store.contract.ts';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from './postgres.ts';

export function onEveryStore(contract: (name: string, open: OpenStore) => void, skipTitle: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-store-'));
  const databases: TestDatabase[] = [];
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    for (const db of databases) await db.drop();
  });
  let files = 0;

  contract('SQLite in memory', () => openSqliteStore({ file: ':memory:' }));
  contract('SQLite file', () => openSqliteStore({ file: join(dir, `store-${++files}.db`) }));

  const skip = postgresSkipReason();
  if (skip) {
    test(skipTitle, { skip }, () => {});
  } else {
    contract('PostgreSQL', async () => {
      const db = await createTestDatabase();
      databases.push(db);
      return openPostgresStore({ url: db.url });
    });
  }
}

/**
 * Runs a suite on SQLite in memory and on PostgreSQL (a fresh database per store) when CAPSTAN_TEST_DATABASE_URL
 * is set, else one skipped test named `skipTitle`. Each store is closed, and its database dropped, when the test
 * that opened it ends.
 */
export function onSqliteAndPostgres(suite: (name: string, open: (t: TestContext) => Promise<Store>) => void, skipTitle: string): void {
  suite('SQLite', async (t) => {
    const store = await openSqliteStore({ file: ':memory:' });
    t.after(() => store.close());
    return store;
  });
  const skip = postgresSkipReason();
  if (skip) {
    test(skipTitle, { skip }, () => {});
    return;
  }
  suite('PostgreSQL', async (t) => {
    const db = await createTestDatabase();
    const store = await openPostgresStore({ url: db.url });
    t.after(async () => {
      await store.close();
      await db.drop();
    });
    return store;
  });
}
