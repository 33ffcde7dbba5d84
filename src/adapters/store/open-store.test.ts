import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isPostgresUrl, openStore, SQLITE_FILE_NAME } from './open-store.ts';

test('postgres:// and postgresql:// URLs select PostgreSQL; anything else the embedded SQLite', () => {
  assert.equal(isPostgresUrl('postgres://u@db:5432/capstan'), true);
  assert.equal(isPostgresUrl('postgresql://u@db/capstan'), true);
  assert.equal(isPostgresUrl('sqlite:///data/capstan.db'), false);
  assert.equal(isPostgresUrl(''), false);
  assert.equal(isPostgresUrl(null), false);
});

test('without a database URL the store is SQLite in <dataDir>/capstan.db, folder created', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'capstan-open-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dataDir = join(root, 'nested', 'data');
  const store = await openStore({ dataDir });
  t.after(() => store.close());
  assert.equal(store.dialect, 'sqlite');
  assert.ok(existsSync(join(dataDir, SQLITE_FILE_NAME)));
});
