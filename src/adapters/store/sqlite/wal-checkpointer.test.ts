import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Sqlite from 'better-sqlite3';
import { until } from '../../../../test/helpers/until.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

const dir = mkdtempSync(join(tmpdir(), 'capstan-wal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A WAL database with `pages` pages of rows written, none checkpointed (the writer's autocheckpoint is off). */
function walWithPages(file: string, pages: number): Sqlite.Database {
  const database = new Sqlite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('wal_autocheckpoint = 0');
  database.exec('create table blobs (id integer primary key, data blob not null)');
  const insert = database.prepare('insert into blobs (data) values (?)');
  database.transaction(() => {
    for (let i = 0; i < pages; i++) insert.run(Buffer.alloc(3_000, i % 256));
  })();
  return database;
}

test('the thread copies committed WAL pages into the database file while the writer keeps its connection', async () => {
  const file = join(dir, 'copied.db');
  const writer = walWithPages(file, 2_000);
  const before = statSync(file).size;
  assert.ok(before < 100 * 4_096, `nothing is checkpointed yet (${before} bytes)`);
  const checkpointer = startWalCheckpointer(file, 20);
  try {
    await until('the pages to reach the database file', () => statSync(file).size >= 2_000 * 3_000, 10_000);
    // The writer was never blocked: it can still write, and it reads what it wrote.
    writer.prepare('insert into blobs (data) values (?)').run(Buffer.from('after'));
    assert.equal((writer.prepare('select count(*) as n from blobs').get() as { n: number }).n, 2_001);
  } finally {
    await checkpointer.close();
    writer.close();
  }
});

test('closing the store stops the thread first, so the last connection removes the WAL', async () => {
  const file = join(dir, 'store.db');
  const store = await openSqliteStore({ file });
  const before = statSync(file).size;
  await store.transaction(async (tx) => {
    for (let i = 0; i < 500; i++) await tx.accounts.insert({ id: `a${i}`, name: `${i}`.padEnd(3_000, 'x'), createdAt: Date.now() });
  });
  // Its connection is open once it has copied pages (the writer's autocheckpoint is far from due).
  await until('the thread to checkpoint', () => statSync(file).size > before + 500 * 3_000, 10_000);
  assert.ok(existsSync(`${file}-wal`));
  await store.close();
  // SQLite deletes the WAL only when the last connection to the file closes: the thread's had closed already.
  assert.equal(existsSync(`${file}-wal`), false);
});

test('closing twice, or after the thread is gone, resolves', async () => {
  const file = join(dir, 'twice.db');
  walWithPages(file, 1).close();
  const checkpointer = startWalCheckpointer(file);
  await checkpointer.close();
  await checkpointer.close();
});
