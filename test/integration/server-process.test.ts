/**
 * The README's first command, for real: `node src/main.ts` as a child process on a fresh data folder. First start
 * prints an admin token once; /readyz is ready; SIGTERM shuts down cleanly (exit 0); a second start on the same
 * data keeps the token valid and prints nothing new. Runs on SQLite, and on PostgreSQL when available.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capstanRefusal, startCapstan as start, stopCapstan as stop } from '../helpers/capstan-process.ts';
import { createTestDatabase } from '../helpers/postgres.ts';

function tokenFrom(stderr: string): string | null {
  return /^\s+(cap_[A-Za-z0-9_-]{43})$/m.exec(stderr)?.[1] ?? null;
}

async function scenario(extraEnv: Record<string, string>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-proc-'));
  try {
    const first = await start({ CAPSTAN_DATA_DIR: dataDir, ...extraEnv });
    const token = tokenFrom(first.stderr());
    assert.ok(token, `first start prints an admin token: ${first.stderr()}`);
    assert.ok(!first.stdout().includes(token), 'the token is not in the log');
    assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600);
    assert.equal((await fetch(`${first.url}/readyz`)).status, 200);
    const account = await fetch(`${first.url}/api/v1/account`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(account.status, 200);
    assert.equal(await stop(first), 0);
    assert.match(first.stdout(), /shut down cleanly/);

    const second = await start({ CAPSTAN_DATA_DIR: dataDir, ...extraEnv });
    assert.equal(tokenFrom(second.stderr()), null, 'no new token on the second start');
    const again = await fetch(`${second.url}/api/v1/account`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(again.status, 200);
    assert.equal(await stop(second), 0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('the server process', () => {
  test('starts on SQLite, prints the first admin token once, serves, and shuts down cleanly on SIGTERM', async () => {
    await scenario({});
  });

  test('does the same on PostgreSQL', async (t) => {
    if (!process.env.CAPSTAN_TEST_DATABASE_URL) return t.skip('CAPSTAN_TEST_DATABASE_URL is not set (npm test starts PostgreSQL)');
    const db = await createTestDatabase();
    try {
      await scenario({ CAPSTAN_DATABASE_URL: db.url });
    } finally {
      await db.drop();
    }
  });

  test('refuses a second process on the same SQLite data folder, and starts at once after the first was killed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'capstan-proc-'));
    try {
      const first = await start({ CAPSTAN_DATA_DIR: dataDir });
      const second = await capstanRefusal({ CAPSTAN_DATA_DIR: dataDir });
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`in use by another Capstan \\(pid ${first.child.pid} `));

      await stop(first, 'SIGKILL');
      const third = await start({ CAPSTAN_DATA_DIR: dataDir });
      assert.equal(await stop(third), 0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('refuses a bad configuration value with a message naming it', async () => {
    const { code, stderr } = await capstanRefusal({ CAPSTAN_PORT: 'eighty' });
    assert.equal(code, 2);
    assert.match(stderr, /CAPSTAN_PORT must be an integer/);
  });
});
