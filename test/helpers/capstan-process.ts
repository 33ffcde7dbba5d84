/**
 * Capstan as a real child process: `node src/main.ts` (or any command that ends up running it, such as
 * `capstan serve`), ready once it logs its `capstan is serving` line, whose `address` is the base URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface CapstanProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Settles with the exit code once the process has exited (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** Spawns `node src/main.ts` on a free port with `env` over this process's environment; does not wait. */
export function spawnCapstan(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['src/main.ts'], { env: { ...process.env, CAPSTAN_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Spawns `node src/main.ts` logging at `info` (the level of the serving line) and waits until it serves. */
export function startCapstan(env: Record<string, string>): Promise<CapstanProcess> {
  return untilServing(spawnCapstan({ CAPSTAN_LOG_LEVEL: 'info', ...env }));
}

/**
 * Collects the output of `child` (spawned with piped stdout and stderr) and resolves once it logs that it serves;
 * rejects when it exits first or says nothing of the kind in 20 s.
 */
export async function untilServing(child: ChildProcess): Promise<CapstanProcess> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => { err += String(d); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "capstan is serving" line in 20 s; stderr: ${err}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const line = out.split('\n').find((l) => l.includes('capstan is serving'));
      if (line) { clearTimeout(timer); resolve(JSON.parse(line).address); }
    });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`exited ${code}: ${err}`)); });
  });
  return { child, url, exited, stdout: () => out, stderr: () => err };
}

/** Sends `signal` unless the process has already exited; resolves with its exit code. */
export function stopCapstan(p: CapstanProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  return p.exited;
}

/** Runs `node src/main.ts` expecting it to refuse to start; resolves with its exit code and stderr. */
export async function capstanRefusal(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawnCapstan(env);
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += String(d); });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stderr };
}
