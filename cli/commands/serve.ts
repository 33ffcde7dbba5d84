/**
 * `capstan serve`: runs the Capstan server from this checkout (building the web UI first when it is stale). The CLI may not import src/ (it speaks to the
 * server only through client/), so it starts `node src/main.ts` (the composition root, resolved next to this
 * file) as a child with the same stdio, forwards SIGTERM and SIGINT so the server shuts down gracefully, and
 * exits with the server's exit code. Flags are passed as the server's CAPSTAN_* variables (README's table).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { OperationError } from '../cli-errors.ts';
import { stringOption, type Command } from '../command.ts';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const BUILD_WEB = fileURLToPath(new URL('../../scripts/ensure-web-build.ts', import.meta.url));
const FLAG_TO_ENV = { host: 'CAPSTAN_HOST', port: 'CAPSTAN_PORT', 'data-dir': 'CAPSTAN_DATA_DIR' } as const;
const FORWARDED: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the Capstan server in the foreground',
  description: 'Other settings come from the CAPSTAN_* environment variables (see the README). Stop it with Ctrl-C or SIGTERM.',
  options: {
    host: { type: 'string', description: 'Address to listen on (CAPSTAN_HOST, default 127.0.0.1)' },
    port: { type: 'string', description: 'Port to listen on (CAPSTAN_PORT, default 8080; 0 picks a free one)' },
    'data-dir': { type: 'string', valueName: 'DIR', description: 'Data folder (CAPSTAN_DATA_DIR, default ./data)' },
  },
  async run(ctx) {
    if (!existsSync(MAIN)) throw new OperationError(`the server sources are not next to this CLI (${MAIN} is missing)`);
    const env: Record<string, string | undefined> = { ...ctx.io.env };
    for (const [flag, name] of Object.entries(FLAG_TO_ENV)) {
      const value = stringOption(ctx, flag);
      if (value !== undefined) env[name] = value; // the server validates it and names the variable if wrong
    }
    // As `npm start` does: build the web UI when it is missing or stale. A failed build is reported by the script
    // and does not stop the server (it then says at `/` how to build the UI).
    if (existsSync(BUILD_WEB)) await runNode([BUILD_WEB], env);
    return runServer(env);
  },
};

function runNode(args: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  const child = spawn(process.execPath, args, { env, stdio: 'inherit' });
  return new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function runServer(env: Record<string, string | undefined>): Promise<number> {
  const child = spawn(process.execPath, [MAIN], { env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => { child.kill(signal); };
  for (const signal of FORWARDED) process.on(signal, forward);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new OperationError(`cannot start the server (${(error as NodeJS.ErrnoException).code ?? error.message})`)));
    child.on('exit', (code, signal) => {
      for (const s of FORWARDED) process.off(s, forward);
      // A child killed by a signal exits as the shell would report it: 128 + the signal number.
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
