/**
 * GET /api/v1/store-backup over a real SQLite file store: an admin gets a copy that opens as the same database
 * (integrity_check ok) and was written while the store kept taking writes; other roles and anonymous callers are
 * refused before any copy is made; a store that cannot be copied (in memory, PostgreSQL) answers 409; and no
 * temporary file or open file outlives a request, whether it completed or the client went away mid-download.
 *
 * The route writes its copy under the OS temp folder; this file points TMPDIR (which os.tmpdir() reads on every
 * call) at a folder of its own so it can see everything the route leaves there.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Sqlite from 'better-sqlite3';
import { AesGcmSecretBox } from '../../src/adapters/crypto/aes-gcm-secret-box.ts';
import { createKubeConnector } from '../../src/adapters/kube/kube-connector.ts';
import { createLogger } from '../../src/adapters/logging/create-logger.ts';
import { OciRegistryClient } from '../../src/adapters/registry/oci-registry-client.ts';
import { openPostgresStore } from '../../src/adapters/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import { webhookParsers } from '../../src/adapters/webhooks/senders.ts';
import { bootstrap } from '../../src/app/accounts/bootstrap.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { systemClock } from '../../src/app/ports/clock.ts';
import { randomIds } from '../../src/app/ports/id-source.ts';
import type { Store } from '../../src/app/ports/store.ts';
import { backUpStore } from '../../src/app/store-backup/back-up-store.ts';
import { issueToken } from '../../src/app/tokens/issue-token.ts';
import { isAppError } from '../../src/domain/errors.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { Server } from '../../src/http/http-deps.ts';
import { buildServer } from '../../src/http/server.ts';
import { anAccount } from '../contracts/store.contract.ts';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.ts';
import { buildTestApp } from '../helpers/test-app.ts';
import { until } from '../helpers/until.ts';

const ADMIN_TOKEN = 'store-backup-admin-token-0123456789';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const KUBECONFIG = [
  'apiVersion: v1', 'kind: Config', 'current-context: prod',
  'clusters: [{name: prod, cluster: {server: "https://127.0.0.1:1"}}]',
  'users: [{name: capstan, user: {token: kube-secret-token}}]',
  'contexts: [{name: prod, context: {cluster: prod, user: capstan}}]',
].join('\n');

interface App {
  readonly server: Server;
  readonly deps: AppDeps;
  readonly admin: { authorization: string };
  tokenFor(role: Role): Promise<{ authorization: string }>;
}

/** What buildTestApp does, over the store given (buildTestApp always uses SQLite in memory). */
async function appOver(store: Store): Promise<App> {
  const deps: AppDeps = { store, secrets: new AesGcmSecretBox(randomBytes(32)), clock: systemClock, ids: randomIds, kube: createKubeConnector(),
    registry: new OciRegistryClient({ timeoutMs: 5_000 }), webhooks: webhookParsers };
  const { account } = await bootstrap(deps, ADMIN_TOKEN);
  const { server } = await buildServer({ app: deps, version: 'test', publicUrl: 'http://capstan.test', bodyLimitBytes: 1_048_576, authCacheMs: 5_000,
    logger: createLogger({ level: 'silent' }), isShuttingDown: () => false });
  await server.ready();
  return {
    server, deps, admin: { authorization: `Bearer ${ADMIN_TOKEN}` },
    async tokenFor(role) {
      const { secret } = await issueToken(deps, { accountId: account.id, name: `test-${role}-${randomIds.newId()}`, role });
      return { authorization: `Bearer ${secret}` };
    },
  };
}

/** Adds `count` accounts with padded names (so the database spans many pages), in a few transactions. */
async function fill(store: Store, count: number): Promise<void> {
  for (let done = 0; done < count; done += 2_000) {
    await store.transaction(async (tx) => {
      for (let i = done; i < Math.min(count, done + 2_000); i++) await tx.accounts.insert(anAccount({ name: `filler-${i}-${'x'.repeat(300)}` }));
    });
  }
}

/** Opens a downloaded copy read-only and hands it to `read`. */
function inCopy<T>(dir: string, bytes: Buffer, read: (db: Sqlite.Database) => T): T {
  const file = join(dir, `copy-${randomUUID()}.db`);
  writeFileSync(file, bytes);
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    return read(db);
  } finally {
    db.close();
  }
}

const countAccounts = (db: Sqlite.Database) => (db.prepare('select count(*) as n from accounts').get() as { n: number }).n;

/** Files this process has open under `dir` (Linux; elsewhere nothing can be seen, and the check is vacuous). */
function openFilesUnder(dir: string): string[] {
  if (!existsSync('/proc/self/fd')) return [];
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(dir) ? [target] : [];
    } catch {
      return []; // the fd readdir itself used, gone by now
    }
  });
}

describe('store backup on a SQLite file store', () => {
  const root = mkdtempSync(join(tmpdir(), 'capstan-backup-test-'));
  const tempRoot = join(root, 'tmp');
  const copies = join(root, 'copies');
  const savedTmpdir = process.env.TMPDIR;
  let store: Store;
  let app: App;
  const leftovers = () => readdirSync(tempRoot);
  /** Accounts in the live database, read through a second, read-only connection (WAL: it never blocks the store). */
  const liveAccounts = () => {
    const db = new Sqlite(join(root, 'capstan.db'), { readonly: true, fileMustExist: true });
    try {
      return countAccounts(db);
    } finally {
      db.close();
    }
  };

  before(async () => {
    mkdirSync(tempRoot);
    mkdirSync(copies);
    process.env.TMPDIR = tempRoot;
    assert.equal(tmpdir(), tempRoot);
    store = await openSqliteStore({ file: join(root, 'capstan.db') });
    app = await appOver(store);
  });
  after(async () => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    await app.server.close();
    await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('an admin downloads a copy that opens as the same database, with the rows written before it', async () => {
    const created = await app.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: app.admin, payload: { id: 'prod', name: 'production', kubeconfig: KUBECONFIG } });
    assert.equal(created.statusCode, 201, created.body);
    const extra = anAccount();
    await store.accounts.insert(extra);

    const res = await app.server.inject({ method: 'GET', url: '/api/v1/store-backup', headers: app.admin });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/vnd.sqlite3');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="capstan-\d{8}T\d{6}Z\.db"$/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(Number(res.headers['content-length']), res.rawPayload.length);
    assert.deepEqual(res.rawPayload.subarray(0, 16), SQLITE_HEADER);

    inCopy(copies, res.rawPayload, (db) => {
      const accounts = db.prepare('select id, name from accounts').all() as { id: string; name: string }[];
      assert.ok(accounts.some((a) => a.name === 'default'), 'the bootstrap account');
      assert.ok(accounts.some((a) => a.id === extra.id && a.name === extra.name), 'the account inserted before the backup');
      const cluster = db.prepare('select name, server, kubeconfig_ciphertext from clusters where id = ?').get('prod') as
        { name: string; server: string; kubeconfig_ciphertext: string } | undefined;
      assert.equal(cluster?.name, 'production');
      assert.equal(cluster.server, 'https://127.0.0.1:1');
      assert.ok(!cluster.kubeconfig_ciphertext.includes('kube-secret-token'), 'the kubeconfig stays sealed in the copy');
    });
    assert.deepEqual(leftovers(), []);
  });

  test('member, pipeline and viewer tokens get 403 and no token gets 401, before any copy is made', async () => {
    for (const role of ['member', 'pipeline', 'viewer'] as const) {
      const res = await app.server.inject({ method: 'GET', url: '/api/v1/store-backup', headers: await app.tokenFor(role) });
      assert.equal(res.statusCode, 403, role);
      assert.equal(res.json().code, 'ROLE_FORBIDS_ACTION');
    }
    const anonymous = await app.server.inject({ method: 'GET', url: '/api/v1/store-backup' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().code, 'TOKEN_MISSING');
    assert.deepEqual(leftovers(), []);
  });

  test('writes go on during a backup of a large store, and the copy is still consistent', async () => {
    await fill(store, 20_000);
    const countBefore = liveAccounts();
    const download = app.server.inject({ method: 'GET', url: '/api/v1/store-backup', headers: app.admin });
    let finished = false;
    void download.finally(() => { finished = true; });
    let writesDuring = 0;
    while (!finished) {
      await store.accounts.insert(anAccount());
      writesDuring++;
      await new Promise((resolve) => setImmediate(resolve)); // a turn of the event loop: the backup takes a step
    }
    const res = await download;
    assert.equal(res.statusCode, 200, res.body);
    const countAfter = liveAccounts();
    assert.ok(writesDuring >= 3, `only ${writesDuring} writes ran while the backup was made`);
    const copied = inCopy(copies, res.rawPayload, countAccounts);
    assert.ok(copied >= countBefore && copied <= countAfter, `${copied} accounts copied, ${countBefore} before, ${countAfter} after`);
    assert.deepEqual(leftovers(), []);
  });

  test('a backup started while a write transaction is open waits for it and copies the whole database', async () => {
    // Straight through the use case: over HTTP, authenticating an uncached token would itself wait for the
    // transaction, and the backup would never meet it open.
    const late = anAccount();
    const writing = store.transaction(async (tx) => {
      await tx.accounts.insert(late);
      await sleep(50); // the transaction stays open across turns of the event loop while the backup starts
    });
    const backup = await backUpStore({ store }, { tempRoot: copies });
    await writing;
    try {
      const ids = inCopy(copies, readFileSync(backup.file), (db) => new Set((db.prepare('select id from accounts').all() as { id: string }[]).map((r) => r.id)));
      assert.ok(ids.has(late.id), 'the copy was made after the open transaction committed');
      assert.equal(ids.size, liveAccounts());
    } finally {
      await backup.cleanup();
    }
  });

  test('a client that goes away mid-download leaves no temporary file and no open file behind', async () => {
    const address = await app.server.listen({ host: '127.0.0.1', port: 0 });
    const { received, total } = await new Promise<{ received: number; total: number }>((resolve, reject) => {
      const req = httpRequest(`${address}/api/v1/store-backup`, { headers: app.admin }, (res) => {
        assert.equal(res.statusCode, 200);
        res.once('data', (chunk: Buffer) => {
          res.pause();
          req.destroy();
          resolve({ received: chunk.length, total: Number(res.headers['content-length']) });
        });
      });
      req.on('error', (error) => { if (!req.destroyed) reject(error); });
      req.end();
    });
    assert.ok(received < total, `the client left after ${received} of ${total} bytes`);
    await until('the download stream to close its file', () => openFilesUnder(tempRoot).length === 0 && leftovers().length === 0);
    // Still serving afterwards.
    const again = await app.server.inject({ method: 'GET', url: '/api/v1/store-backup', headers: app.admin });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(leftovers(), []);
    await until('the completed download to close its file', () => openFilesUnder(tempRoot).length === 0);
  });

  test('the use case writes a 0600 file in a 0700 folder, and cleanup removes both', async () => {
    const backup = await backUpStore({ store }, { tempRoot: copies });
    assert.equal(statSync(backup.file).mode & 0o777, 0o600);
    assert.equal(statSync(join(backup.file, '..')).mode & 0o777, 0o700);
    assert.equal(statSync(backup.file).size, backup.bytes);
    await backup.cleanup();
    await backup.cleanup();
    assert.ok(!existsSync(join(backup.file, '..')));
  });

  test('the use case leaves nothing behind when the copy fails', async () => {
    const own = join(root, 'failing');
    mkdirSync(own);
    const failing = Object.assign(Object.create(store) as Store, { backup: () => Promise.reject(new Error('disk full')) });
    await assert.rejects(backUpStore({ store: failing }, { tempRoot: own }), /disk full/);
    assert.deepEqual(readdirSync(own), []);
  });
});

describe('store backup where the store cannot be copied', () => {
  test('an in-memory SQLite store answers 409 STORE_BACKUP_UNAVAILABLE as problem+json', async (t) => {
    const app = await buildTestApp();
    t.after(() => app.close());
    const res = await app.server.inject({ method: 'GET', url: '/api/v1/store-backup', headers: app.admin });
    assert.equal(res.statusCode, 409);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.json().code, 'STORE_BACKUP_UNAVAILABLE');
    assert.match(res.json().detail, /in memory/);
  });

  test('the OpenAPI document describes the route: admin tag, the file\'s media type, the problems', async (t) => {
    const app = await buildTestApp();
    t.after(() => app.close());
    const doc = (await app.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    const get = doc.paths['/api/v1/store-backup'].get;
    assert.deepEqual(get.tags, ['admin']);
    assert.ok(get.summary && get.description.includes('pg_dump') && get.description.includes('master.key'));
    assert.deepEqual(get.responses['200'].content['application/vnd.sqlite3'].schema, { type: 'string', format: 'binary' });
    assert.deepEqual(Object.keys(get.responses).sort(), ['200', '401', '403', '409']);
    assert.deepEqual(get.security, [{ bearer: [] }]);
  });

  test('a PostgreSQL store answers 409 STORE_BACKUP_UNAVAILABLE naming pg_dump', { skip: postgresSkipReason() }, async (t) => {
    const db = await createTestDatabase();
    const store = await openPostgresStore({ url: db.url });
    t.after(async () => {
      await store.close();
      await db.drop();
    });
    assert.equal(store.backup, null);
    const app = await appOver(store);
    t.after(() => app.server.close());
    const res = await app.server.inject({ method: 'GET', url: '/api/v1/store-backup', headers: app.admin });
    assert.equal(res.statusCode, 409);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    assert.equal(res.json().code, 'STORE_BACKUP_UNAVAILABLE');
    assert.match(res.json().detail, /pg_dump/);
    await assert.rejects(backUpStore({ store }), (error) => isAppError(error) && error.code === 'STORE_BACKUP_UNAVAILABLE');
  });
});
