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
