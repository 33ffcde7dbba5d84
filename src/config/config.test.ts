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

test('retention defaults to 14 days of finished jobs, 30 of registry events, 90 of trigger logs and 365 of audit entries; 0 disables each', () => {
  const c = loadConfig({});
  assert.deepEqual([c.jobRetentionDays, c.eventRetentionDays, c.triggerLogRetentionDays, c.auditRetentionDays], [14, 30, 90, 365]);
  const off = loadConfig({ CAPSTAN_JOB_RETENTION_DAYS: '0', CAPSTAN_EVENT_RETENTION_DAYS: '0', CAPSTAN_TRIGGER_LOG_RETENTION_DAYS: '7', CAPSTAN_AUDIT_RETENTION_DAYS: '0' });
  assert.deepEqual([off.jobRetentionDays, off.eventRetentionDays, off.triggerLogRetentionDays, off.auditRetentionDays], [0, 0, 7, 0]);
});

test('a retention that is not a whole number of days from 0 is refused, naming the variable', () => {
  for (const name of ['CAPSTAN_JOB_RETENTION_DAYS', 'CAPSTAN_EVENT_RETENTION_DAYS', 'CAPSTAN_TRIGGER_LOG_RETENTION_DAYS', 'CAPSTAN_AUDIT_RETENTION_DAYS']) {
    for (const value of ['-1', '1.5', 'two weeks', '14d', '99999999']) {
      assert.throws(() => loadConfig({ [name]: value }), (e) => e instanceof ConfigError && e.message.startsWith(`${name} must be an integer from 0 to`), `${name}=${value}`);
    }
  }
});

test('the registry rate is RATE[:BURST] per host, 10:20 by default, the burst twice the rate when omitted', () => {
  assert.deepEqual(loadConfig({}).registryRate, { perSecond: 10, burst: 20 });
  assert.deepEqual(loadConfig({ CAPSTAN_REGISTRY_RATE: '2:5' }).registryRate, { perSecond: 2, burst: 5 });
  assert.deepEqual(loadConfig({ CAPSTAN_REGISTRY_RATE: '0.5' }).registryRate, { perSecond: 0.5, burst: 1 });
  for (const value of ['0', '-1', 'fast', '10/20', '10:0', '5:', ':5']) {
    assert.throws(() => loadConfig({ CAPSTAN_REGISTRY_RATE: value }), (e) => e instanceof ConfigError && e.message.startsWith('CAPSTAN_REGISTRY_RATE must be'), value);
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
