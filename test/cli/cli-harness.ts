/**
 * Runs the real `capstan` executable (node cli/capstan.ts) as a child process, with a clean environment: its own
 * HOME and XDG_CONFIG_HOME in a temp folder and none of the caller's CAPSTAN_* variables. Children are spawned
 * asynchronously so a server running in the test process keeps answering while they run.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.ts';
import { startCapstan, type RunningCapstan } from '../../src/main.ts';

export const CLI = fileURLToPath(new URL('../../cli/capstan.ts', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliHome {
  readonly dir: string;
  /** Where `capstan login` writes: $XDG_CONFIG_HOME/capstan/config.json. */
  readonly configFile: string;
  run(args: readonly string[], options?: { env?: Record<string, string>; stdin?: string }): Promise<CliResult>;
  remove(): void;
}

export function cliHome(): CliHome {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-cli-'));
  const base = { PATH: process.env.PATH ?? '', HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'config') };
  return {
    dir,
    configFile: join(base.XDG_CONFIG_HOME, 'capstan', 'config.json'),
    run: (args, options = {}) => runCapstan(args, { ...base, ...options.env }, options.stdin),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function runCapstan(args: readonly string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += String(d); });
  child.stderr.on('data', (d) => { stderr += String(d); });
  child.stdin.end(stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface TestServer {
  readonly url: string;
  readonly adminToken: string;
  stop(): Promise<void>;
}

/** A real Capstan (SQLite in a temp data folder) on a free loopback port, with a random admin token. */
export async function startTestServer(): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-cli-data-'));
  const adminToken = randomBytes(16).toString('hex'); // 32 characters
  let running: RunningCapstan;
  try {
    running = await startCapstan(loadConfig({
      CAPSTAN_PORT: '0', CAPSTAN_DATA_DIR: dataDir, CAPSTAN_ADMIN_TOKEN: adminToken, CAPSTAN_LOG_LEVEL: 'silent',
    }));
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: running.url,
    adminToken,
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
