import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type autocannon from 'autocannon';

export interface LoadResult {
  /** Mean requests per second over the measured run. */
  readonly rps: number;
  /** 99th percentile latency, ms. */
  readonly p99: number;
  /** Socket errors plus non-2xx answers. */
  readonly errors: number;
  /** 2xx answers, warm-up excluded. */
  readonly accepted: number;
  /** Requests answered in all, warm-up included. */
  readonly sent: number;
  /**
   * CPU time of THIS process (the server's, since the generator runs in its own) per request, warm-up included,
   * in µs. A busy machine distorts it far less than requests per second.
   */
  readonly cpuUs: number;
}

export interface LoadOptions extends Omit<autocannon.Options, 'url'> {
  /** Request paths sent in turn, one per request (see autocannon-child.ts). */
  readonly paths?: readonly string[];
}

export const BENCH_SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 5), 30);
export const BENCH_CONNECTIONS = Math.min(Number(process.env.BENCH_CONNECTIONS ?? 50), 200);

const CHILD = join(import.meta.dirname, 'autocannon-child.ts');

/**
 * Drives `url` from a second process (autocannon, same settings for every target of a run: connections and
 * duration from BENCH_CONNECTIONS / BENCH_SECONDS, capped), loopback only. A warm-up second precedes the run.
 */
export async function load(url: string, { paths, ...options }: LoadOptions = {}): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)[:/]/.test(url)) throw new Error(`benchmarks target loopback only, not ${url}`);
  const dir = paths === undefined ? null : mkdtempSync(join(tmpdir(), 'capstan-load-'));
  const pathsFile = dir === null ? undefined : join(dir, 'paths');
  if (pathsFile !== undefined) writeFileSync(pathsFile, `${paths!.join('\n')}\n`);
  const args = JSON.stringify({ connections: BENCH_CONNECTIONS, duration: BENCH_SECONDS, ...options, url, pathsFile });
  const profile = await startProfile();
  const cpu = process.cpuUsage();
  try {
    const figures = await new Promise<Omit<LoadResult, 'cpuUs'>>((resolve, reject) => {
      execFile(process.execPath, [CHILD, args], { timeout: (BENCH_SECONDS + 30) * 1000, maxBuffer: 1 << 20 }, (error, stdout) => {
        if (error) return reject(error);
        resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Omit<LoadResult, 'cpuUs'>);
      });
    });
    const used = process.cpuUsage(cpu);
    await profile?.(url);
    return { ...figures, cpuUs: (used.user + used.system) / Math.max(1, figures.sent) };
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
}

let profiles = 0;

/**
 * BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of this (the server's) process for each load, warm-up included, written
 * as <dir>/<n>-<path>.cpuprofile. Unlike `node --cpu-prof` it leaves out the set-up (seeding thousands of rows).
 */
async function startProfile(): Promise<((url: string) => Promise<void>) | null> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (dir === undefined || dir === '') return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (url) => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    mkdirSync(dir, { recursive: true });
    const name = new URL(url).pathname.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
    writeFileSync(join(dir, `${++profiles}-${name}.cpuprofile`), JSON.stringify(profile));
  };
}
