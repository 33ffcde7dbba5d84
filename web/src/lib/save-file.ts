/**
 * Hands bytes the page already holds to the browser's download manager under a given file name: an object URL
 * and a temporary `<a download>` that is clicked and removed. The URL names only the in-memory blob (never a
 * token or an API address), and is revoked once the download has surely taken the bytes.
 */

// Browsers resolve a blob URL when the download starts, so revoking right after the click is safe in current
// ones; older ones read it a little later, so the blob is kept for a while (FileSaver.js waits 40 s as well).
const REVOKE_AFTER_MS = 40_000;

export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
