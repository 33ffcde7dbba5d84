import { closeSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'capstan.lock';
const HEARTBEAT_MS = 10_000;
/** A lock not refreshed for this long belongs to a process that is gone (or frozen far beyond any lease). */
const STALE_MS = 45_000;

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

export interface DataDirLock {
  release(): void;
}

/**
 * Embedded mode is single-replica by construction (protocols-reliability.md Q11): two Capstan processes on one
 * SQLite data folder would each run a worker and a reaper over the same jobs with no shared lease authority
 * beyond the file lock, and each would answer for the other's records. So the data folder carries a lock file
 * (pid, host, start time) refreshed every 10 s; a second start refuses with a message naming the holder. A lock
 * whose process is gone (same host, pid not alive) or that has not been refreshed for 45 s is taken over, so a
 * crashed or SIGKILLed Capstan restarts at once. Keel only pins `replicas: 1`; this enforces it.
 */
export function acquireDataDirLock(dataDir: string, now: () => number = Date.now): DataDirLock {
  const file = join(dataDir, LOCK_FILE_NAME);
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date(now()).toISOString() };
  if (!tryCreate(file, me)) {
    const holder = readOwner(file);
    if (holder && isLive(file, holder, now())) {
      throw new Error(
        `the data folder ${dataDir} is in use by another Capstan (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}). ` +
        'Embedded SQLite mode runs one replica; stop the other process, or use CAPSTAN_DATABASE_URL=postgres://… to run several.',
      );
    }
    // The holder is gone: take the lock over. Unlink + exclusive create, so two restarts racing here cannot both win.
    try {
      unlinkSync(file);
    } catch {
      // Another starter removed it first; the exclusive create below decides.
    }
    if (!tryCreate(file, me)) throw new Error(`the data folder ${dataDir} was locked by another Capstan starting at the same time.`);
  }
  const timer = setInterval(() => {
    try {
      const t = new Date(now());
      utimesSync(file, t, t);
    } catch {
      // The folder went away; nothing useful to do until shutdown.
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    release() {
      clearInterval(timer);
      const holder = readOwner(file);
      if (holder?.pid === me.pid && holder.host === me.host) {
        try {
          unlinkSync(file);
        } catch {
          // Already gone.
        }
      }
    },
  };
}

function tryCreate(file: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOwner(file: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid, host: parsed.host, startedAt: String(parsed.startedAt ?? 'unknown') };
  } catch {
    return null; // unreadable or half-written: treated as stale
  }
}

function isLive(file: string, holder: LockOwner, now: number): boolean {
  let mtime: number;
  try {
    mtime = statSync(file).mtimeMs;
  } catch {
    return false;
  }
  if (now - mtime > STALE_MS) return false;
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the pid exists but belongs to someone else; still a live process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
