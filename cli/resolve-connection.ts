/**
 * Which server and token a command uses. Each is taken from the first source that has it: flags (--server,
 * --token), then the environment (CAPSTAN_SERVER, CAPSTAN_TOKEN), then the config file written by `capstan
 * login`, then (server only) the default http://127.0.0.1:8080. One guard: the config file's token is only sent
 * to the config file's server, so `--server https://elsewhere` never leaks the saved credential to another host.
 */
import { UsageError } from './cli-errors.ts';
import type { ConfigFile } from './config-file.ts';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

export interface Connection {
  readonly server: string;
  readonly token: string | null;
}

export interface ConnectionSources {
  readonly flags: { readonly server?: string | undefined; readonly token?: string | undefined };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Read lazily: a command given everything by flags or env never touches the file. */
  readonly file: () => ConfigFile;
}

export function resolveConnection(sources: ConnectionSources): Connection {
  const { flags, env } = sources;
  let file: ConfigFile | undefined;
  const fromFile = () => (file ??= sources.file());
  const server = normalizeServer(flags.server || env.CAPSTAN_SERVER || fromFile().server || DEFAULT_SERVER);
  let token = flags.token || env.CAPSTAN_TOKEN || null;
  if (!token) {
    const saved = fromFile();
    if (saved.token && saved.server && normalizeServer(saved.server) === server) token = saved.token;
  }
  return { server, token };
}

/** Validates and canonicalizes a server URL (no trailing slash); a bad one is a usage error. */
export function normalizeServer(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`the server URL must be an http(s) URL such as ${DEFAULT_SERVER}, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`the server URL must be an http or https URL, got "${raw}"`);
  }
  if (url.username || url.password) throw new UsageError('the server URL must not carry credentials; use --token');
  return url.href.replace(/\/+$/, '');
}
