/**
 * Two processes on one SQLite file (T7): with BEGIN IMMEDIATE and busy_timeout, writers queue for the lock
 * instead of failing with SQLITE_BUSY, and claims stay exclusive.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import { claimAll } from './fixtures/sqlite-claimer-process.ts';

const CHILD = join(import.meta.dirname, 'fixtures', 'sqlite-claimer-process.ts');

test('two processes claiming and writing one SQLite file share the jobs without SQLITE_BUSY', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-sqlite2-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'capstan.db');
  const store = await openSqliteStore({ file });
  t.after(() => store.close());
  for (let i = 0; i < 60; i++) {
    await store.jobs.enqueue({ accountId: 'x', kind: 'work', payload: i, serialKey: `key${i % 3}`, dedupeKey: `w${i}` });
  }

  const child = spawn(process.execPath, [CHILD, file, 'child'], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 20_000 });
  let output = '';
  child.stdout.setEncoding('utf8');
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk: string) => {
    output += chunk;
    if (output.startsWith('ready\n')) resolve();
  }));
  const exited = once(child, 'exit');
  await ready;
  const mine = await claimAll(store, 'parent');
  const [code] = await exited;
  assert.equal(code, 0, 'the other process did not fail');
  const theirs = JSON.parse(output.slice('ready\n'.length)) as { done: number };
  assert.ok(mine > 0 && theirs.done > 0, `both processes did work: ${mine} + ${theirs.done}`);

  assert.equal(mine + theirs.done, 60, 'every job completed exactly once');
  const counts = await store.jobs.countByState();
  assert.deepEqual([counts.succeeded, counts.failed, counts.running], [60, 0, 0]);
  const logs = await store.jobs.list('x', { limit: 500, kind: 'log' });
  assert.equal(logs.length, 60, 'one committed write per job');
});
