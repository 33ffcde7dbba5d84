/**
 * "Download backup": GET /api/v1/store-backup through the typed client, so the session's token travels in the
 * Authorization header and never in a URL. Shows the bytes received against the size the server announced, then
 * hands the file to the browser under the server's name (capstan-<UTC time>.db). The whole copy is held in memory
 * until it is complete: a download that breaks off saves nothing rather than a torn database. The button stays
 * disabled while one runs; refusals (403 for a token that is not an admin's, 409 for a store that cannot be copied
 * this way) are shown as the server stated them.
 */
import { useState, type ReactNode } from 'react';
import { CapstanConnectionError, type CapstanClient } from '../../../client/index.ts';
import { saveFile } from '../lib/save-file.ts';
import { useAction } from '../lib/use-api.ts';
import { ProblemMessage } from './problem-message.tsx';

interface Progress {
  readonly received: number;
  /** The Content-Length the server announced, or null. */
  readonly total: number | null;
}

interface SavedBackup {
  readonly fileName: string;
  readonly bytes: number;
}

export function StoreBackupDownload(): ReactNode {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [saved, setSaved] = useState<SavedBackup | null>(null);
  const download = useAction((client) => downloadBackup(client, (received, total) => setProgress({ received, total })));
  const start = async () => {
    setProgress(null);
    setSaved(null);
    const result = await download.run();
    if (result.ok) setSaved(result.value);
  };
  const broken = download.error instanceof CapstanConnectionError;
  return (
    <div className="backup-download">
      <p className="actions">
        <button type="button" className="primary" disabled={download.busy} onClick={() => { void start(); }}>Download backup</button>
        <span role="status">
          {download.busy && !progress && 'Making the copy on the server…'}
          {saved && <>Saved <code>{saved.fileName}</code> ({formatBytes(saved.bytes)}).</>}
        </span>
      </p>
      {progress && (
        <div className="progress">
          <progress max={progress.total ?? undefined} value={progress.received} aria-label="Backup download">{formatBytes(progress.received)}</progress>
          <span className="label">
            {progress.total === null ? `${formatBytes(progress.received)} received` : `${formatBytes(progress.received)} of ${formatBytes(progress.total)} received`}
          </span>
        </div>
      )}
      <ProblemMessage error={download.error} />
      {broken && <p className="hint">The network failed before the backup was complete, so nothing was saved. Try again.</p>}
    </div>
  );
}

async function downloadBackup(client: CapstanClient, onProgress: (received: number, total: number | null) => void): Promise<SavedBackup> {
  const download = await client.downloadStoreBackup({ onProgress });
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const reader = download.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    chunks.push(chunk.value as Uint8Array<ArrayBuffer>); // fetch bodies are never backed by a SharedArrayBuffer
  }
  const blob = new Blob(chunks, { type: 'application/vnd.sqlite3' });
  // A body shorter than its Content-Length already fails in fetch; this keeps a truncated copy from ever being saved.
  if (download.bytes !== null && blob.size !== download.bytes) {
    throw new Error(`the backup arrived incomplete (${blob.size} of ${download.bytes} bytes); nothing was saved`);
  }
  const fileName = download.fileName ?? 'capstan-backup.db';
  saveFile(blob, fileName);
  return { fileName, bytes: blob.size };
}

/** 900 → "900 bytes", 1536 → "1.5 KiB", 3·2²⁰ → "3.0 MiB". */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
