import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { registryStoreContract } from '../../../../test/contracts/registry-store.contract.ts';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '../../../../test/helpers/postgres.ts';
import { openPostgresStore } from '../postgres/postgres-store.ts';
import { openSqliteStore } from '../sqlite/sqlite-store.ts';

// The registry repos (migration 0004) on every store: SQLite in memory and in a WAL file, and PostgreSQL.
const dir = mkdtempSync(join(tmpdir(), 'capstan-registry-repos-'));
let files = 0;
const databases: TestDatabase[] = [];
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});

registryStoreContract('SQLite in memory', () => openSqliteStore({ file: ':memory:' }));
registryStoreContract('SQLite file', () => openSqliteStore({ file: join(dir, `store-${++files}.db`) }));

const skip = postgresSkipReason();
if (skip) {
  test('registry store contract on PostgreSQL', { skip }, () => {});
} else {
  registryStoreContract('PostgreSQL', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    return openPostgresStore({ url: db.url });
  });
}
