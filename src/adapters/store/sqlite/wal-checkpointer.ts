import { Worker } from 'node:worker_threads';

export interface WalCheckpointer {
  /** Stops the thread and closes its connection; resolves when the thread has exited. */
  readonly close: () => Promise<void>;
}

const THREAD = new URL('./wal-checkpoint-thread.ts', import.meta.url);
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Checkpoints the WAL of `file` from a worker thread. SQLite's documentation allows exactly this: applications may
 * turn the automatic checkpoints off "and run checkpoints during idle moments or in a separate thread or process"
 * (https://www.sqlite.org/wal.html, Automatic Checkpoint). Without it, the commit that crosses `wal_autocheckpoint`
 * copies every page written since the last checkpoint into the database file and syncs it, on the event loop: on
 * the intake paths that stalled every request for up to ~90 ms every few seconds under load (ADR 0007).
 *
 * The writer keeps its own autocheckpoint (sqlite-store.ts). A PASSIVE checkpoint here cannot always finish while
 * commits keep arriving, and SQLite restarts the WAL from its beginning only after a checkpoint that copied every
 * frame; the writer's, run between two of its own commits, does, and by then most pages were copied here. So the
 * WAL stays bounded and nothing depends on this thread: if it fails or dies, the writer checkpoints alone.
 */
export function startWalCheckpointer(file: string, intervalMs = 100): WalCheckpointer {
  const worker = new Worker(THREAD, { workerData: { file, intervalMs } });
  worker.unref();
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => { exited = true; resolve(); }));
  // A thread that fails to start or crashes emits 'error' and then 'exit'; the writer's autocheckpoint carries on.
  worker.on('error', () => {});
  return {
    close: async () => {
      if (exited) return;
      worker.postMessage('close');
      const timeout = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
      await exit;
      clearTimeout(timeout);
    },
  };
}
