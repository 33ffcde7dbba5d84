import type { LoadResult } from './load.ts';

/** Rounds per benchmark (BENCH_ROUNDS, 1–9, default 3). */
export const BENCH_ROUNDS = Math.max(1, Math.min(Math.trunc(Number(process.env.BENCH_ROUNDS ?? 3)) || 3, 9));

/**
 * Runs every load once per round, in the order given, round after round: baseline and Capstan alternate, so a busy
 * or drifting machine weighs on all of them alike instead of on whichever ran during a slow spell. A ratio is then
 * taken per round (both figures from the same round) and the median of those is reported.
 */
export async function inRounds<K extends string>(
  loads: Record<K, (round: number) => Promise<LoadResult>>,
  rounds = BENCH_ROUNDS,
): Promise<Record<K, LoadResult[]>> {
  const names = Object.keys(loads) as K[];
  const results = Object.fromEntries(names.map((name) => [name, [] as LoadResult[]])) as Record<K, LoadResult[]>;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) results[name].push(await loads[name](round));
  }
  return results;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Per-round throughput ratios (ours / baseline, same round) and per-round CPU ratios (baseline / ours µs per request). */
export function ratios(ours: readonly LoadResult[], baseline: readonly LoadResult[]): { rps: number[]; cpu: number[] } {
  return {
    rps: ours.map((r, i) => r.rps / baseline[i]!.rps),
    cpu: ours.map((r, i) => baseline[i]!.cpuUs / r.cpuUs),
  };
}

/** One line per target: median figures over the rounds, then each round's req/s. */
export function row(label: string, results: readonly LoadResult[], unit = 'req/s'): string {
  const rps = median(results.map((r) => r.rps));
  const p99 = median(results.map((r) => r.p99));
  const cpu = median(results.map((r) => r.cpuUs));
  const errors = results.reduce((sum, r) => sum + r.errors, 0);
  return `${label.padEnd(46)} ${rps.toFixed(0).padStart(8)} ${unit.padEnd(8)} p99 ${String(p99).padStart(4)} ms  ${cpu.toFixed(0).padStart(5)} µs CPU/req  errors ${errors}` +
    `  (rounds: ${results.map((r) => r.rps.toFixed(0)).join(' / ')})`;
}

/** The verdict line for one ratio: the median over rounds against the target, with every round's value. */
export function verdict(label: string, ours: readonly LoadResult[], baseline: readonly LoadResult[], target: number): string {
  const { rps, cpu } = ratios(ours, baseline);
  const m = median(rps);
  return `${label}: ratio ${m.toFixed(2)} (median of ${rps.length} rounds: ${rps.map((r) => r.toFixed(2)).join(' / ')}; target >= ${target.toFixed(2)}) ` +
    `${m >= target ? 'MET' : 'NOT MET'}; by server CPU per request ${median(cpu).toFixed(2)}`;
}
