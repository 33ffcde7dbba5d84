/**
 * The CLI's config file: `$XDG_CONFIG_HOME/capstan/config.json`, else `~/.config/capstan/config.json`, holding
 * `{server, token}` as written by `capstan login`. It holds a credential, so it is written with mode 0600 (its
 * folder 0700) through a temp file and a rename: a reader never sees half a file, and an existing file with
 * wider permissions is replaced, not reused.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { OperationError, UsageError } from './cli-errors.ts';

export interface ConfigFile {
  readonly server?: string;
  readonly token?: string;
}

export function configFilePath(env: Readonly<Record<string, string | undefined>>): string {
  // The XDG Base Directory spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'capstan', 'config.json');
}

/** The file's settings; {} when it does not exist. A file that is not a JSON object is a usage error (exit 2). */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new OperationError(`cannot read the config file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`the config file ${path} is not valid JSON; fix it or run "capstan login" again`, 'capstan login');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`the config file ${path} must hold a JSON object`, 'capstan login');
  }
  const { server, token } = parsed as Record<string, unknown>;
  return { ...(typeof server === 'string' ? { server } : {}), ...(typeof token === 'string' ? { token } : {}) };
}

export function writeConfigFile(path: string, config: ConfigFile): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.config.json.${process.pid}.tmp`);
  try {
    writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(temp, 0o600); // the umask may have narrowed the mode further, never widened it; make it exact
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new OperationError(`cannot write the config file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
