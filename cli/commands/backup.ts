/**
 * `capstan backup --file FILE`: downloads a consistent copy of the server's embedded SQLite database (admin
 * token). The bytes go to FILE.partial (mode 0600: the copy holds sealed secrets and token hashes), which is
 * checked to be a SQLite database of the announced size, flushed to disk and only then renamed to FILE, so a
 * failed or interrupted download never leaves a file that looks complete. An existing FILE is kept unless --force.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { OperationError } from '../cli-errors.ts';
import { flagOption, requiredOption, type Command, type CommandContext } from '../command.ts';

/** The first 16 bytes of every SQLite database file (https://www.sqlite.org/fileformat.html §1.3). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const PROGRESS_EVERY_MS = 200;

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Download a consistent copy of the server\'s SQLite database (admin)',
  description: [
    'The server copies its embedded SQLite database while it keeps running and sends the copy; it holds sealed',
    'secrets and token hashes, so FILE is written with mode 0600. It does not hold the master key: keep',
    'DATA_DIR/master.key (or CAPSTAN_MASTER_KEY) with it. On PostgreSQL use pg_dump instead (the server answers',
    'STORE_BACKUP_UNAVAILABLE). The README\'s "Backups" section says how to restore.',
  ].join('\n'),
  options: {
    file: { type: 'string', short: 'f', valueName: 'FILE', required: true, description: 'Where to write the database file' },
    force: { type: 'boolean', description: 'Replace FILE if it exists' },
  },
  async run(ctx) {
    const target = resolve(requiredOption(ctx, 'file'));
    const force = flagOption(ctx, 'force');
    if (!force && existsSync(target)) throw new OperationError(`${target} exists; pass --force to replace it`);
    const partial = `${target}.partial`;
    const client = ctx.client();
    await rm(partial, { force: true }); // a leftover of an earlier failed run, by its name ours
    // Made empty, mode 0600, before the server is asked: a folder that cannot be written fails fast.
    await open(partial, 'wx', 0o600).then((file) => file.close(), (error: unknown) => {
      throw new OperationError(`cannot write ${partial}: ${(error as { code?: string }).code ?? String(error)}`);
    });
    const progress = progressReporter(ctx);
    let renamed = false;
    try {
      const download = await client.downloadStoreBackup({ onProgress: progress.update });
      await pipeline(Readable.fromWeb(download.body as NodeReadableStream<Uint8Array>), createWriteStream(partial, { flags: 'r+' }));
      progress.end();
      const size = await checkAndFlush(partial, download.bytes);
      if (!force && existsSync(target)) throw new OperationError(`${target} appeared meanwhile; pass --force to replace it`);
      await rename(partial, target);
      renamed = true;
      ctx.print.done(`Wrote ${target} (${size} bytes).`, { file: target, bytes: size });
    } finally {
      progress.end();
      if (!renamed) await rm(partial, { force: true });
    }
  },
};

/** Checks the file is a whole SQLite database as announced, then flushes it to disk; resolves with its size. */
async function checkAndFlush(path: string, announced: number | null): Promise<number> {
  const file = await open(path, 'r+');
  try {
    const { size } = await file.stat();
    if (announced !== null && size !== announced) throw new OperationError(`the download ended after ${size} of ${announced} bytes`);
    const { buffer } = await file.read(Buffer.alloc(SQLITE_HEADER.length), 0, SQLITE_HEADER.length, 0);
    if (!buffer.equals(SQLITE_HEADER)) throw new OperationError('the server did not send a SQLite database file');
    await file.sync(); // on disk before the name says it is complete
    return size;
  } finally {
    await file.close();
  }
}

/** Bytes received, redrawn in place on stderr when it is a terminal (at most every 200 ms); silent otherwise. */
function progressReporter(ctx: CommandContext): { update: (received: number, total: number | null) => void; end: () => void } {
  if (ctx.io.stderrIsTTY !== true) return { update: () => {}, end: () => {} };
  let last = 0;
  let drawn = false;
  let line = '';
  const draw = () => {
    ctx.io.stderr(`\r\x1b[2K${line}`);
    drawn = true;
  };
  return {
    update(received, total) {
      line = total === null ? `${received} bytes` : `${received} of ${total} bytes (${Math.floor((received / total) * 100)}%)`;
      const now = Date.now();
      if (now - last >= PROGRESS_EVERY_MS || received === total) {
        last = now;
        draw();
      }
    },
    end() {
      if (drawn) ctx.io.stderr(`\r\x1b[2K${line}\n`);
      drawn = false;
    },
  };
}
