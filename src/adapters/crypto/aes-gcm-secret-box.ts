/**
 * SecretBox with AES-256-GCM. Each seal uses a fresh 96-bit random nonce (NIST SP 800-38D §8.2.2: safe for far
 * more messages than Capstan stores under one key). Ciphertext format: `v1.<nonce>.<tag>.<data>`, base64url parts,
 * so a later key rotation can add `v2` without guessing.
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { SecretBox } from '../../app/ports/secret-box.ts';

const VERSION = 'v1';
/** HKDF salt for MAC keys; part of every derived key, so changing it would invalidate every MAC handed out. */
const MAC_SALT = 'capstan mac keys v1';

export class AesGcmSecretBox implements SecretBox {
  readonly #key: Buffer;
  // KeyObjects, not Buffers: createHmac re-imports a Buffer key on every call, which costs more than the HMAC.
  readonly #macKeys = new Map<string, KeyObject>();

  constructor(key: Buffer) {
    if (key.length !== 32) throw new AppError('INTERNAL', 'The master key must be 32 bytes.');
    this.#key = Buffer.from(key);
  }

  seal(plaintext: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, nonce, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** HMAC-SHA256 under HKDF-SHA256(master key, salt, info = `capstan/mac/<purpose>`); derived once per purpose. */
  mac(purpose: string, data: string): Buffer {
    let key = this.#macKeys.get(purpose);
    if (key === undefined) {
      key = createSecretKey(Buffer.from(hkdfSync('sha256', this.#key, MAC_SALT, `capstan/mac/${purpose}`, 32)));
      this.#macKeys.set(purpose, key);
    }
    return createHmac('sha256', key).update(data, 'utf8').digest();
  }

  open(ciphertext: string): string {
    const parts = ciphertext.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new AppError('INTERNAL', 'A stored secret has an unknown format.');
    }
    const [, nonce, tag, data] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer, Buffer];
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, nonce);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch (cause) {
      // Wrong key or tampered data: GCM authentication failed. Never return unauthenticated plaintext.
      throw new AppError('INTERNAL', 'A stored secret could not be decrypted with the current master key.', { cause });
    }
  }
}
