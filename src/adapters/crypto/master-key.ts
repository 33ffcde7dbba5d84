/**
 * Resolves the master key: CAPSTAN_MASTER_KEY when given, else `<dataDir>/master.key`, created on first start with
 * mode 0600 (O_EXCL, so two processes starting at once cannot both write one).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../domain/errors.ts';

export const MASTER_KEY_FILE = 'master.key';

export function loadOrCreateMasterKey(dataDir: string, configured: Buffer | null): Buffer {
  if (configured) return configured;
  const file = join(dataDir, MASTER_KEY_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new AppError('INTERNAL', `${file} is readable by other users; run chmod 600 on it.`);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new AppError('INTERNAL', `${file} does not hold a 32-byte base64 key.`);
  return key;
}
