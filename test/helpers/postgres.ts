/**
 * A fresh PostgreSQL database per test file, on the server named by CAPSTAN_TEST_DATABASE_URL
 * (scripts/start-postgres.sh prints one). Files that need PostgreSQL skip with `postgresSkipReason` when unset.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_ENV = 'CAPSTAN_TEST_DATABASE_URL';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** The server URL, or null when PostgreSQL tests cannot run here. */
export function testServerUrl(): string | null {
  const url = process.env[TEST_DATABASE_ENV];
  return url === undefined || url === '' ? null : url;
}

/** Give this to `test(name, { skip })` / `describe(name, { skip })`: false when PostgreSQL is available. */
export function postgresSkipReason(): string | false {
  return testServerUrl() === null ? `${TEST_DATABASE_ENV} is not set (scripts/start-postgres.sh starts a server)` : false;
}

/** Creates `capstan_test_<random>` on the test server; `drop()` removes it, closing any connections left open. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  if (serverUrl === null) throw new Error(`${TEST_DATABASE_ENV} is not set`);
  const name = `capstan_test_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
