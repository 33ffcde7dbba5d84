import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { acquireDataDirLock, LOCK_FILE_NAME } from './data-dir-lock.ts';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a second lock on a folder held by a live process is refused, naming the holder; release frees it', (t) => {
  const dir = tempDir(t);
  const first = acquireDataDirLock(dir);
  assert.throws(() => acquireDataDirLock(dir), (error: Error) => {
    assert.match(error.message, new RegExp(`pid ${process.pid} on ${hostname()}`));
    assert.match(error.message, /CAPSTAN_DATABASE_URL/);
    return true;
  });
  first.release();
  assert.equal(existsSync(join(dir, LOCK_FILE_NAME)), false);
  acquireDataDirLock(dir).release();
});

test('a lock left by a process that is gone (same host) is taken over at once', async (t) => {
  const dir = tempDir(t);
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: child.pid, host: hostname(), startedAt: 'earlier' }));
  const lock = acquireDataDirLock(dir);
  assert.equal(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8')).pid, process.pid);
  lock.release();
});

test('a lock from another host is honoured while fresh and taken over once stale', (t) => {
  const dir = tempDir(t);
  const file = join(dir, LOCK_FILE_NAME);
  writeFileSync(file, JSON.stringify({ pid: 1, host: 'another-host.invalid', startedAt: 'earlier' }));
  assert.throws(() => acquireDataDirLock(dir), /another-host\.invalid/);
  const old = new Date(Date.now() - 60_000);
  utimesSync(file, old, old);
  const lock = acquireDataDirLock(dir);
  lock.release();
});

test('a half-written lock file counts as stale', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, LOCK_FILE_NAME), '{"pid":');
  acquireDataDirLock(dir).release();
});
