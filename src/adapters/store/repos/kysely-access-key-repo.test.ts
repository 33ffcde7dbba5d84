/** The AccessKeyRepo contract on SQLite (memory and file) and, when CAPSTAN_TEST_DATABASE_URL is set, PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { accessKeyRepoContract } from '../../../../test/contracts/access-key-repo.contract.ts';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '../../../../test/helpers/postgres.ts';
import { openPostgresStore } from '../postgres/postgres-store.ts';
import { openSqliteStore } from '../sqlite/sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'capstan-access-keys-'));
const databases: TestDatabase[] = [];
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});
let files = 0;

accessKeyRepoContract('SQLite in memory', () => openSqliteStore({ file: ':memory:' }));
accessKeyRepoContract('SQLite file', () => openSqliteStore({ file: join(dir, `store-${++files}.db`) }));

const skip = postgresSkipReason();
if (skip) {
  test('AccessKeyRepo contract: PostgreSQL', { skip }, () => {});
} else {
  accessKeyRepoContract('PostgreSQL', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    return openPostgresStore({ url: db.url });
  });
}
