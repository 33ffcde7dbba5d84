/**
 * `capstan serve` runs the real server as a child of the CLI: it serves, and SIGTERM sent to the CLI reaches the
 * server, which shuts down cleanly; the CLI exits with its code and leaves nothing listening.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopCapstan, untilServing } from '../helpers/capstan-process.ts';
import { CLI, runCapstan } from './cli-harness.ts';

test('capstan serve starts the server, and SIGTERM to the CLI stops it cleanly with exit 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-serve-'));
  const token = randomBytes(16).toString('hex');
  const env = { PATH: process.env.PATH ?? '', HOME: dir, CAPSTAN_ADMIN_TOKEN: token, CAPSTAN_LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', join(dir, 'data')], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so `finally` can also kill the server should forwarding ever break
  });
  try {
    const server = await untilServing(child);
    const url = server.url;
    const account = await runCapstan(['account', '-o', 'json'], { PATH: env.PATH, HOME: dir, CAPSTAN_SERVER: url, CAPSTAN_TOKEN: token });
    assert.equal(account.code, 0, account.stderr);
    assert.equal(JSON.parse(account.stdout).name, 'default');

    assert.equal(await stopCapstan(server), 0, server.stderr());
    assert.match(server.stdout(), /shut down cleanly/);
    await assert.rejects(fetch(`${url}/healthz`), 'nothing listens after the CLI exits');
  } finally {
    try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* the group is gone, as it should be */ }
    child.stdout.destroy();
    child.stderr.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});
