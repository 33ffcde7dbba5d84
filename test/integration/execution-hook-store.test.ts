import { after, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../../src/adapters/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import { executionHookStoreContract } from '../contracts/execution-hooks.contract.ts';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '../helpers/postgres.ts';

const dir = mkdtempSync(join(tmpdir(), 'capstan-hooks-'));
let files = 0;
const databases: TestDatabase[] = [];
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});

executionHookStoreContract('SQLite in memory', () => openSqliteStore({ file: ':memory:' }));
executionHookStoreContract('SQLite file', () => openSqliteStore({ file: join(dir, `hooks-${++files}.db`) }));

const skip = postgresSkipReason();
if (skip) {
  test('Execution-hook store contract: PostgreSQL', { skip }, () => {});
} else {
  executionHookStoreContract('PostgreSQL', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    return openPostgresStore({ url: db.url });
  });
}
