/**
 * GET /api/v1/store-backup: a consistent copy of the embedded SQLite database, made while Capstan keeps serving,
 * downloaded by an admin from wherever the API is reachable (Capstan often runs in a container whose disk the
 * operator cannot reach). `capstan backup` calls it; the README's "Backups" section says how to restore.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { backUpStore } from '../../app/store-backup/back-up-store.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, Problem } from '../schemas/common.ts';

const SQLITE_MEDIA_TYPE = 'application/vnd.sqlite3';

export function storeBackupRoutes(server: Server, deps: HttpDeps): void {
  server.get('/api/v1/store-backup', {
    config: { auth: 'admin' },
    schema: {
      tags: ['admin'],
      summary: 'Download a consistent copy of the embedded SQLite database (admin)',
      description: [
        'Copies the SQLite database with SQLite\'s online backup while Capstan keeps serving (writes meanwhile never',
        'tear the copy), then sends it as one file. It holds every record, sealed secrets and token hashes: keep it',
        'private. It does not hold the master key that unseals the secrets: keep DATA_DIR/master.key (or',
        'CAPSTAN_MASTER_KEY) beside it. To restore: stop Capstan, put the file at DATA_DIR/capstan.db (removing any',
        'capstan.db-wal and capstan.db-shm), start it. 409 STORE_BACKUP_UNAVAILABLE on PostgreSQL (use pg_dump) or an',
        'in-memory database.',
      ].join(' '),
      response: {
        200: {
          description: 'The database file (`SQLite format 3` header), named capstan-<UTC time>.db.',
          content: { [SQLITE_MEDIA_TYPE]: { schema: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }) } },
        },
        ...AUTH_ERRORS,
        409: Problem,
      },
    },
  }, async (request, reply) => {
    const backup = await backUpStore(deps.app);
    let handle: FileHandle;
    try {
      handle = await open(backup.file, 'r');
    } finally {
      // The file leaves the disk before a byte is sent: the open handle keeps it readable until the stream closes
      // it (at the end, or when the client goes away), so nothing is left behind whatever happens to the response,
      // or to the process, from here on.
      await backup.cleanup();
    }
    const { size } = await handle.stat().catch(async (error: unknown) => {
      await handle.close();
      throw error;
    });
    request.log.info({ bytes: size }, 'store backup made');
    return reply
      .header('content-type', SQLITE_MEDIA_TYPE)
      .header('content-disposition', `attachment; filename="capstan-${compactUtc(deps.app.clock.now())}.db"`)
      .header('content-length', size)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(handle.createReadStream());
  });
}

/** 2026-01-02T03:04:05.678Z → 20260102T030405Z: sorts by time, and is safe in a file name on every system. */
function compactUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}
