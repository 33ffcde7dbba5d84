/**
 * The body of the WAL checkpointer's worker thread (wal-checkpointer.ts): its own connection to the database file,
 * running a PASSIVE checkpoint every `intervalMs` (one with no new frames only reads the WAL index). PASSIVE never
 * waits for a lock and never blocks the writer (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html): it copies what
 * it can and leaves the rest for its next turn or the writer's own autocheckpoint, so a failed one is only skipped.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';

interface CheckpointerData {
  readonly file: string;
  readonly intervalMs: number;
}

const { file, intervalMs } = workerData as CheckpointerData;
const database = new Sqlite(file, { fileMustExist: true });
// A checkpoint syncs the database file once it has copied the pages (synchronous=NORMAL in WAL mode): here, on
// this thread, instead of in the middle of a commit on the event loop.
database.pragma('synchronous = NORMAL');
const checkpoint = database.prepare('pragma wal_checkpoint(PASSIVE)');

const timer = setInterval(() => {
  try {
    checkpoint.get();
  } catch {
    // Left to the next turn, or to the writer's autocheckpoint; the writer sees any real I/O error itself.
  }
}, intervalMs);

parentPort?.on('message', (message: unknown) => {
  if (message !== 'close') return;
  clearInterval(timer);
  database.close();
  parentPort?.close();
});
