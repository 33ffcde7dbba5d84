import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';

export interface StoreBackupFile {
  /** The copy: a complete SQLite database file, mode 0600, alone in a folder of mode 0700. */
  readonly file: string;
  readonly bytes: number;
  /** Removes the file and its folder; safe to call more than once. The caller must call it. */
  readonly cleanup: () => Promise<void>;
}

/**
 * Writes a consistent copy of the store's database into a fresh temporary folder, while Capstan keeps serving
 * (the store's online backup: writes made meanwhile never tear the copy). The copy holds everything the store
 * does, sealed secrets and token hashes included, so only its owner may read it; it does not hold the master key
 * that unseals the secrets, which the operator keeps beside it. `tempRoot` (default: the OS temp folder, TMPDIR)
 * needs room for a database-sized file. STORE_BACKUP_UNAVAILABLE when the store has no such copy (PostgreSQL, a
 * database in memory); whatever fails, nothing is left behind.
 */
export async function backUpStore(deps: Pick<AppDeps, 'store'>, options: { readonly tempRoot?: string } = {}): Promise<StoreBackupFile> {
  const { backup, dialect } = deps.store;
  if (backup === null) {
    throw new AppError('STORE_BACKUP_UNAVAILABLE', dialect === 'postgres'
      ? 'This Capstan stores its data in PostgreSQL: back it up with pg_dump. Keep the master key (CAPSTAN_MASTER_KEY) with the dump; it is not part of it.'
      : 'This Capstan\'s SQLite database lives in memory only: there is no database file to copy.');
  }
  const dir = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'capstan-backup-')); // mode 0700
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const file = join(dir, 'capstan.db');
    // Made 0600 before SQLite writes a byte into it (SQLite would create it 0644), and its journal inherits the mode.
    await (await open(file, 'wx', 0o600)).close();
    const { bytes } = await backup(file);
    return { file, bytes, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
