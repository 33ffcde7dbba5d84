import { execFile } from 'node:child_process';
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
}

export const BENCH_SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? 5), 30);
export const BENCH_CONNECTIONS = Math.min(Number(process.env.BENCH_CONNECTIONS ?? 50), 200);

const CHILD = join(import.meta.dirname, 'autocannon-child.ts');

/**
 * Drives `url` from a second process (autocannon, same settings for every target of a run: connections and
 * duration from BENCH_CONNECTIONS / BENCH_SECONDS, capped), loopback only. A warm-up second precedes the run.
 */
export function load(url: string, options: Omit<autocannon.Options, 'url'> = {}): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)[:/]/.test(url)) throw new Error(`benchmarks target loopback only, not ${url}`);
  const args = JSON.stringify({ connections: BENCH_CONNECTIONS, duration: BENCH_SECONDS, ...options, url });
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHILD, args], { timeout: (BENCH_SECONDS + 30) * 1000 }, (error, stdout) => {
      if (error) return reject(error);
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult);
    });
  });
}
