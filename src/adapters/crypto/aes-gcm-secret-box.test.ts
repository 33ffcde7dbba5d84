import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AesGcmSecretBox } from './aes-gcm-secret-box.ts';
import { loadOrCreateMasterKey } from './master-key.ts';
import { AppError } from '../../domain/errors.ts';

test('seal then open returns the plaintext, and the ciphertext does not contain it', () => {
  const box = new AesGcmSecretBox(randomBytes(32));
  const sealed = box.seal('apiVersion: v1\nkind: Config\n');
  assert.ok(!sealed.includes('Config'));
  assert.equal(box.open(sealed), 'apiVersion: v1\nkind: Config\n');
});

test('two seals of the same text differ (fresh nonce)', () => {
  const box = new AesGcmSecretBox(randomBytes(32));
  assert.notEqual(box.seal('x'), box.seal('x'));
});

test('a tampered ciphertext is refused, never returned as garbage', () => {
  const box = new AesGcmSecretBox(randomBytes(32));
  const parts = box.seal('secret value').split('.');
  const data = Buffer.from(parts[3]!, 'base64url');
  data[0] = data[0]! ^ 1;
  parts[3] = data.toString('base64url');
  assert.throws(() => box.open(parts.join('.')), (e) => e instanceof AppError && e.code === 'INTERNAL');
});

test('a ciphertext sealed under another key is refused', () => {
  const sealed = new AesGcmSecretBox(randomBytes(32)).seal('x');
  assert.throws(() => new AesGcmSecretBox(randomBytes(32)).open(sealed), AppError);
});

test('the master key file is created once with mode 0600 and reused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-key-'));
  try {
    const first = loadOrCreateMasterKey(dir, null);
    assert.equal(first.length, 32);
    assert.equal(statSync(join(dir, 'master.key')).mode & 0o777, 0o600);
    assert.deepEqual(loadOrCreateMasterKey(dir, null), first);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a configured key wins over the file', () => {
  const key = randomBytes(32);
  assert.equal(loadOrCreateMasterKey('/nonexistent-dir-not-touched', key), key);
});

test('mac is HMAC-SHA256 under an HKDF key per purpose: stable, purpose- and key-bound', async () => {
  const { createHmac, hkdfSync } = await import('node:crypto');
  const master = Buffer.alloc(32, 7);
  const box = new AesGcmSecretBox(master);
  const derived = Buffer.from(hkdfSync('sha256', master, 'capstan mac keys v1', 'capstan/mac/ack-trigger-token', 32));
  const expected = createHmac('sha256', derived).update('header.payload').digest();
  assert.deepEqual(box.mac('ack-trigger-token', 'header.payload'), expected);
  assert.deepEqual(box.mac('ack-trigger-token', 'header.payload'), expected, 'stable across calls');
  assert.notDeepEqual(box.mac('other-purpose', 'header.payload'), expected);
  assert.notDeepEqual(new AesGcmSecretBox(randomBytes(32)).mac('ack-trigger-token', 'header.payload'), expected);
  assert.notDeepEqual(createHmac('sha256', master).update('header.payload').digest(), expected, 'the master key is not used directly');
});
