/**
 * The only reader of process.env. `loadConfig` returns a frozen, validated Config or throws ConfigError naming
 * the variable; the composition root prints that and exits, so a typo never turns into a silent default.
 */
import { isAbsolute, resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** postgres://… selects PostgreSQL; null keeps the embedded SQLite file in dataDir. */
  readonly databaseUrl: string | null;
  readonly adminToken: string | null;
  readonly publicUrl: string;
  /** 32-byte key, or null to use (or create) `<dataDir>/master.key`. */
  readonly masterKey: Buffer | null;
  readonly logLevel: LogLevel;
  readonly bodyLimitBytes: number;
  readonly authCacheMs: number;
  readonly workerEnabled: boolean;
  readonly workerConcurrency: number;
  readonly jobLeaseMs: number;
  /** How often an idle worker looks for due jobs when no wake-up told it of one (worker.ts). */
  readonly jobPollMs: number;
  readonly shutdownGraceMs: number;
  /** Execution hooks that set no timeout of their own are stopped after this long (Astra: 25 minutes). */
  readonly hookTimeoutMs: number;
  /** Retention in days (app/maintenance); 0 keeps that kind of row forever. */
  readonly jobRetentionDays: number;
  readonly eventRetentionDays: number;
  readonly triggerLogRetentionDays: number;
  readonly auditRetentionDays: number;
  /** Per registry host, shared by every registry request of this process (ADR 0010). */
  readonly registryRate: { readonly perSecond: number; readonly burst: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Every variable, its default and meaning; the README's configuration table is checked against this list. */
export const CONFIG_VARIABLES = {
  CAPSTAN_HOST: ['127.0.0.1', 'Address to listen on.'],
  CAPSTAN_PORT: ['8080', 'Port to listen on (0 picks a free one).'],
  CAPSTAN_DATA_DIR: ['./data', 'Folder for the SQLite database and the generated master key.'],
  CAPSTAN_DATABASE_URL: ['(unset)', 'postgres://… to use PostgreSQL instead of the embedded SQLite.'],
  CAPSTAN_ADMIN_TOKEN: ['(unset)', 'A valid admin bearer token of the default account. Unset on first start: one is generated and printed once.'],
  CAPSTAN_PUBLIC_URL: ['http://HOST:PORT', 'Base URL of trigger and webhook URLs handed to operators.'],
  CAPSTAN_MASTER_KEY: ['(unset)', 'Base64 or hex 32-byte key for secrets at rest. Unset: generated into DATA_DIR/master.key (mode 0600).'],
  CAPSTAN_LOG_LEVEL: ['info', 'fatal, error, warn, info, debug, trace or silent.'],
  CAPSTAN_BODY_LIMIT: ['1048576', 'Largest accepted request body in bytes.'],
  CAPSTAN_AUTH_CACHE_MS: ['5000', 'How long a checked API token is remembered; a token revoked on another replica stops working within this.'],
  CAPSTAN_WORKER: ['true', 'Run the job worker in this process (false for an API-only replica).'],
  CAPSTAN_WORKER_CONCURRENCY: ['4', 'Jobs run at once by this process.'],
  CAPSTAN_JOB_LEASE_MS: ['60000', 'Job lease; a crashed replica\'s jobs are taken over after it expires.'],
  CAPSTAN_JOB_POLL_MS: ['2000', 'How often an idle worker looks for due jobs; new jobs wake it at once, so this bounds only how late a delayed job or retry starts.'],
  CAPSTAN_SHUTDOWN_GRACE_MS: ['25000', 'On SIGTERM, how long running jobs may finish before they are released.'],
  CAPSTAN_HOOK_TIMEOUT_MS: ['1500000', 'How long an execution hook may run in a container before it is recorded as timed out (hooks can set their own timeoutSeconds).'],
  CAPSTAN_JOB_RETENTION_DAYS: ['14', 'Finished jobs (succeeded, failed, cancelled) last updated longer ago are deleted; 0 keeps them.'],
  CAPSTAN_EVENT_RETENTION_DAYS: ['30', 'Registry events received longer ago are deleted; 0 keeps them.'],
  CAPSTAN_TRIGGER_LOG_RETENTION_DAYS: ['90', 'Image-trigger firing logs older than this are deleted; 0 keeps them.'],
  CAPSTAN_AUDIT_RETENTION_DAYS: ['365', 'Audit log entries older than this are deleted; 0 keeps them.'],
  CAPSTAN_REGISTRY_RATE: ['10:20', 'Requests per second to each registry host, then a colon and the burst (e.g. 2:5; burst defaults to twice the rate). Shared by every watched repository on that host.'],
} as const;

type Env = Readonly<Record<string, string | undefined>>;
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const host = env.CAPSTAN_HOST || '127.0.0.1';
  const port = int(env, 'CAPSTAN_PORT', 8080, 0, 65535);
  const dataDir = env.CAPSTAN_DATA_DIR || './data';
  return Object.freeze({
    host,
    port,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    databaseUrl: databaseUrl(env.CAPSTAN_DATABASE_URL),
    adminToken: adminToken(env.CAPSTAN_ADMIN_TOKEN),
    publicUrl: publicUrl(env.CAPSTAN_PUBLIC_URL, host, port),
    masterKey: masterKey(env.CAPSTAN_MASTER_KEY),
    logLevel: logLevel(env.CAPSTAN_LOG_LEVEL),
    bodyLimitBytes: int(env, 'CAPSTAN_BODY_LIMIT', 1_048_576, 1024, 512 * 1_048_576),
    authCacheMs: int(env, 'CAPSTAN_AUTH_CACHE_MS', 5_000, 0, 300_000),
    workerEnabled: bool(env, 'CAPSTAN_WORKER', true),
    workerConcurrency: int(env, 'CAPSTAN_WORKER_CONCURRENCY', 4, 1, 64),
    jobLeaseMs: int(env, 'CAPSTAN_JOB_LEASE_MS', 60_000, 500, 3_600_000),
    // Wake-ups (Q8) start a job enqueued on this replica, or on any replica over PostgreSQL, as soon as it commits;
    // the poll is only the safety net: a delayed job or retry falling due, a wake-up lost while the LISTEN
    // connection reconnects. 2 s (pg-boss's and graphile-worker's default poll) starts those at most 2 s late,
    // against retry delays of 2 s and more, and is a quarter of the old 500 ms's idle claim queries per replica.
    jobPollMs: int(env, 'CAPSTAN_JOB_POLL_MS', 2_000, 50, 60_000),
    shutdownGraceMs: int(env, 'CAPSTAN_SHUTDOWN_GRACE_MS', 25_000, 0, 600_000),
    hookTimeoutMs: int(env, 'CAPSTAN_HOOK_TIMEOUT_MS', 1_500_000, 1_000, 86_400_000),
    // Whole days, so an enabled retention is at least one day: longer than any window a dedupe key guards.
    jobRetentionDays: int(env, 'CAPSTAN_JOB_RETENTION_DAYS', 14, 0, 36_500),
    eventRetentionDays: int(env, 'CAPSTAN_EVENT_RETENTION_DAYS', 30, 0, 36_500),
    triggerLogRetentionDays: int(env, 'CAPSTAN_TRIGGER_LOG_RETENTION_DAYS', 90, 0, 36_500),
    auditRetentionDays: int(env, 'CAPSTAN_AUDIT_RETENTION_DAYS', 365, 0, 36_500),
    registryRate: registryRate(env.CAPSTAN_REGISTRY_RATE),
  });
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** `RATE[:BURST]`: RATE requests per second (may be fractional, e.g. 0.5), BURST a whole number of requests. */
function registryRate(raw: string | undefined): Config['registryRate'] {
  if (raw === undefined || raw === '') return { perSecond: 10, burst: 20 };
  const match = /^(\d+(?:\.\d+)?)(?::(\d+))?$/.exec(raw.trim());
  const perSecond = Number(match?.[1]);
  const burst = match?.[2] === undefined ? Math.max(1, Math.ceil(perSecond * 2)) : Number(match[2]);
  if (!match || !(perSecond > 0) || perSecond > 10_000 || burst < 1 || burst > 100_000) {
    throw new ConfigError(`CAPSTAN_REGISTRY_RATE must be RATE or RATE:BURST (requests per second > 0, burst >= 1), got "${raw}"`);
  }
  return { perSecond, burst };
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function databaseUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError('CAPSTAN_DATABASE_URL must start with postgres:// or postgresql://');
  }
  return raw;
}

function adminToken(raw: string | undefined): string | null {
  if (!raw) return null;
  if (raw.length < 16) throw new ConfigError('CAPSTAN_ADMIN_TOKEN must be at least 16 characters');
  return raw;
}

function publicUrl(raw: string | undefined, host: string, port: number): string {
  const value = raw || `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`CAPSTAN_PUBLIC_URL is not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('CAPSTAN_PUBLIC_URL must be an http or https URL');
  }
  return value.replace(/\/+$/, '');
}

function masterKey(raw: string | undefined): Buffer | null {
  if (!raw) return null;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new ConfigError('CAPSTAN_MASTER_KEY must be 32 bytes, base64 or hex encoded');
  return key;
}

function logLevel(raw: string | undefined): LogLevel {
  const value = raw || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(`CAPSTAN_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return value as LogLevel;
}
