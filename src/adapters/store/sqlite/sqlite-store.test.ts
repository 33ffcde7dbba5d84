import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { jobQueueContract } from '../../../../test/contracts/job-queue.contract.ts';
import { anAccount, rejectsWith, storeContract } from '../../../../test/contracts/store.contract.ts';
import { recordStoreContract } from '../../../../test/contracts/record-store.contract.ts';
import { openSqliteStore } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'capstan-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const nextFile = (): string => join(dir, `store-${++files}.db`);

const inMemory = () => openSqliteStore({ file: ':memory:' });
const inFile = () => openSqliteStore({ file: nextFile() });

storeContract('SQLite in memory', inMemory);
recordStoreContract('SQLite in memory', inMemory);
jobQueueContract('SQLite in memory', inMemory);
storeContract('SQLite file', inFile);
recordStoreContract('SQLite file', inFile);
jobQueueContract('SQLite file', inFile);

describe('SQLite file', () => {
  test('a reopened file keeps its rows and is not migrated twice', async () => {
    const file = nextFile();
    const first = await openSqliteStore({ file });
    const account = anAccount();
    await first.accounts.insert(account);
    await first.close();
    const second = await openSqliteStore({ file });
    assert.deepEqual(await second.accounts.get(account.id), account);
    assert.deepEqual(await second.health(), { reachable: true, migrationsApplied: true });
    await second.close();
  });

  test('an unopenable path is DATABASE_UNAVAILABLE', async () => {
    await rejectsWith(openSqliteStore({ file: join(dir, 'missing-dir', 'x.db') }), 'DATABASE_UNAVAILABLE');
  });
});
