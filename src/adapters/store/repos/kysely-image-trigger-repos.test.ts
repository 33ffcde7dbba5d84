/** The image-trigger and trigger-log contract on SQLite (memory and file) and, when CAPSTAN_TEST_DATABASE_URL is set, PostgreSQL. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '../../../../test/helpers/postgres.ts';
import { imageTriggerReposContract } from '../../../../test/contracts/image-trigger-repos.contract.ts';
import { openPostgresStore } from '../postgres/postgres-store.ts';
import { openSqliteStore } from '../sqlite/sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'capstan-image-triggers-'));
const databases: TestDatabase[] = [];
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});
let files = 0;

imageTriggerReposContract('SQLite in memory', () => openSqliteStore({ file: ':memory:' }));
imageTriggerReposContract('SQLite file', () => openSqliteStore({ file: join(dir, `store-${++files}.db`) }));

const skip = postgresSkipReason();
if (skip) {
  test('image-trigger repos contract: PostgreSQL', { skip }, () => {});
} else {
  imageTriggerReposContract('PostgreSQL', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    return openPostgresStore({ url: db.url });
  });
}
