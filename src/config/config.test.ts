import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config.ts';

test('defaults match the documented contract: 127.0.0.1:8080, ./data, SQLite', () => {
  const c = loadConfig({}, '/srv/capstan');
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 8080);
  assert.equal(c.dataDir, '/srv/capstan/data');
  assert.equal(c.databaseUrl, null);
  assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
  assert.equal(c.workerEnabled, true);
});

test('every bad value is refused with the variable named', () => {
  const bad: Record<string, string> = {
    CAPSTAN_PORT: '80a', CAPSTAN_DATABASE_URL: 'mysql://x', CAPSTAN_ADMIN_TOKEN: 'short', CAPSTAN_PUBLIC_URL: 'ftp://x',
    CAPSTAN_MASTER_KEY: 'AAAA', CAPSTAN_LOG_LEVEL: 'loud', CAPSTAN_BODY_LIMIT: '-1', CAPSTAN_WORKER: 'maybe',
    CAPSTAN_WORKER_CONCURRENCY: '0', CAPSTAN_JOB_LEASE_MS: '1', CAPSTAN_SHUTDOWN_GRACE_MS: 'x',
  };
  for (const [name, value] of Object.entries(bad)) {
    assert.throws(() => loadConfig({ [name]: value }), (e) => e instanceof ConfigError && e.message.includes(name), name);
  }
});

test('a hex or base64 master key of 32 bytes is accepted', () => {
  assert.equal(loadConfig({ CAPSTAN_MASTER_KEY: 'ab'.repeat(32) }).masterKey?.length, 32);
  assert.equal(loadConfig({ CAPSTAN_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') }).masterKey?.length, 32);
});

test('the README configuration table lists every CAPSTAN_* variable the code reads', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
  const read = new Set(source.match(/CAPSTAN_[A-Z_]+/g));
  for (const name of read) {
    assert.ok(name in CONFIG_VARIABLES, `${name} is read but not in CONFIG_VARIABLES`);
    assert.ok(readme.includes(`| \`${name}\` |`), `${name} is missing from the README table`);
  }
});
