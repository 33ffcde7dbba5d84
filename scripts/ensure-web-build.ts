/**
 * Builds the web UI (vite build --config web/vite.config.ts → web/dist) when web/dist is missing or older than
 * any of its sources (web/index.html, web/vite.config.ts, web/public, web/src, and client/, which the UI bundles).
 * `npm start` and scripts/test.sh run it first, so a fresh clone serves the UI after `npm ci` alone.
 *
 * Without Vite (a production install with --omit=dev) it says so and exits 0: the server still starts, and `/`
 * explains how to build the UI. A failed build exits 1.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIST = join(ROOT, 'web', 'dist');
const SOURCES = ['web/index.html', 'web/vite.config.ts', 'web/public', 'web/src', 'client'].map((p) => join(ROOT, p));

/** Newest modification time (ms) of a file or of every file below a folder; 0 when it does not exist. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file bumps its folder's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function webBuildIsStale(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > built);
}

/**
 * Builds when stale; resolves `false` when Vite is not installed (nothing built), `true` otherwise. Test files
 * running in parallel may call it at once: a lock folder makes one build while the others wait, then re-check.
 */
export async function ensureWebBuild(options: { quiet?: boolean } = {}): Promise<boolean> {
  if (!webBuildIsStale()) return true;
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    return false;
  }
  await withLock(async () => {
    if (!webBuildIsStale()) return;
    await vite.build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: options.quiet ? 'error' : 'warn' });
  });
  return true;
}

const LOCK = join(ROOT, 'web', '.build-lock');
const STALE_LOCK_MS = 120_000;

async function withLock(work: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A build that died holding the lock left it behind; builds take seconds, so an old lock is abandoned.
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  try {
    const built = await ensureWebBuild();
    if (!built) console.error('capstan: vite is not installed (production install?); the web UI is not built. Run "npm ci" and "npm run build:web" to build it.');
  } catch (error) {
    console.error(`capstan: building the web UI failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
