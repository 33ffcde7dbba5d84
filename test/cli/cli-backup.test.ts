/**
 * `capstan backup` through the real executable against a real server on a SQLite file store: the file it writes
 * is a valid SQLite database holding what the server had (mode 0600); an existing file is refused without
 * --force and left untouched; an answer that is not a SQLite database, or a refused request, leaves no file and
 * no `.partial` behind; the token is never printed. And the client's download: its timeout bounds each wait for
 * the server, not the whole transfer.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Sqlite from 'better-sqlite3';
import { CapstanClient, CapstanConnectionError } from '../../client/index.ts';
import { runCli } from '../../cli/run-cli.ts';
import { cliHome, startTestServer, type CliHome, type TestServer } from './cli-harness.ts';

function openCopy(file: string): Sqlite.Database {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  return db;
}

describe('capstan backup', () => {
  let server: TestServer;
  let home: CliHome;
  let env: Record<string, string>;
  before(async () => {
    server = await startTestServer();
    home = cliHome();
    env = { CAPSTAN_SERVER: server.url, CAPSTAN_TOKEN: server.adminToken };
  });
  after(async () => {
    await server.stop();
    home.remove();
  });

  const noPartials = () => assert.deepEqual(readdirSync(home.dir).filter((f) => f.endsWith('.partial')), []);

  test('writes a valid SQLite file (mode 0600) holding what the server had, and prints its size', async () => {
    const client = new CapstanClient({ baseUrl: server.url, token: server.adminToken });
    await client.createToken({ name: 'made-before-the-backup', role: 'viewer' });
    const file = join(home.dir, 'capstan.db');

    const r = await home.run(['backup', '--file', file], { env });
    assert.equal(r.code, 0, r.stderr);
    const bytes = statSync(file).size;
    assert.equal(r.stdout, `Wrote ${file} (${bytes} bytes).\n`);
    assert.equal(r.stderr, '', 'no progress when stderr is not a terminal');
    assert.ok(!r.stdout.includes(server.adminToken) && !r.stderr.includes(server.adminToken), 'the token is not printed');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readFileSync(file).subarray(0, 16), Buffer.from('SQLite format 3\0', 'latin1'));
    const db = openCopy(file);
    try {
      assert.ok(db.prepare('select 1 from accounts where name = ?').get('default'));
      assert.ok(db.prepare('select 1 from api_tokens where name = ?').get('made-before-the-backup'));
    } finally {
      db.close();
    }
    noPartials();
  });

  test('an existing file is refused without --force and left untouched; --force replaces it', async () => {
    const file = join(home.dir, 'capstan.db');
    const before = readFileSync(file);
    const { mtimeMs } = statSync(file);

    const refused = await home.run(['backup', '--file', file], { env });
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, `error: ${file} exists; pass --force to replace it\n`);
    assert.equal(refused.stdout, '');
    assert.deepEqual(readFileSync(file), before);
    assert.equal(statSync(file).mtimeMs, mtimeMs);
    noPartials();

    const client = new CapstanClient({ baseUrl: server.url, token: server.adminToken });
    await client.createToken({ name: 'made-between-the-backups', role: 'viewer' });
    const forced = await home.run(['backup', '-f', file, '--force'], { env });
    assert.equal(forced.code, 0, forced.stderr);
    const db = openCopy(file);
    try {
      assert.ok(db.prepare('select 1 from api_tokens where name = ?').get('made-between-the-backups'), 'the file was replaced by a new copy');
    } finally {
      db.close();
    }
    noPartials();
  });

  test('a token that may not back up gets the problem, exit 1, and no file', async () => {
    const client = new CapstanClient({ baseUrl: server.url, token: server.adminToken });
    const { token: secret } = await client.createToken({ name: 'a-viewer', role: 'viewer' });
    const file = join(home.dir, 'viewer.db');
    const r = await home.run(['backup', '--file', file], { env: { ...env, CAPSTAN_TOKEN: secret } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: Role does not allow this action \(ROLE_FORBIDS_ACTION\)\n/);
    assert.ok(!r.stderr.includes(secret));
    assert.ok(!existsSync(file));
    noPartials();
  });

  test('on a terminal, stderr shows the bytes received, ending with the full size', async () => {
    const file = join(home.dir, 'tty.db');
    let stdout = '';
    let stderr = '';
    const code = await runCli(['backup', '--file', file], {
      stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; }, stdin: process.stdin, stderrIsTTY: true, env,
    });
    assert.equal(code, 0, stderr);
    const bytes = statSync(file).size;
    assert.match(stderr, new RegExp(`\\r\\x1b\\[2K${bytes} of ${bytes} bytes \\(100%\\)\\n$`));
    assert.equal(stdout, `Wrote ${file} (${bytes} bytes).\n`);
  });

  test('--file is required', async () => {
    const r = await home.run(['backup'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: missing --file\n/);
  });

  describe('the client\'s download, against a server that sends slowly', () => {
    let fake: Server;
    let url: string;
    let stallAfter = Infinity;
    let copyMs = 0;
    const chunk = Buffer.alloc(1024, 7);
    before(async () => {
      // After `copyMs` (the server making its copy), five chunks 100 ms apart; the connection goes silent after
      // `stallAfter` of them.
      fake = createServer(async (_request, response) => {
        await sleep(copyMs);
        if (response.destroyed) return; // the client gave up while "the copy was being made"
        response.writeHead(200, { 'content-type': 'application/vnd.sqlite3', 'content-length': chunk.length * 5 });
        let sent = 0;
        const timer = setInterval(() => {
          if (sent >= stallAfter) return;
          response.write(chunk);
          if (++sent === 5) {
            clearInterval(timer);
            response.end();
          }
        }, 100);
        response.on('close', () => clearInterval(timer));
      });
      await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => { fake.closeAllConnections(); fake.close(() => resolve()); }));

    const readAll = async (body: ReadableStream<Uint8Array>) => {
      let n = 0;
      for await (const part of body) n += part.byteLength;
      return n;
    };

    test('the timeout bounds each wait, not the whole download, and progress counts every byte', async () => {
      stallAfter = Infinity;
      const seen: [number, number | null][] = [];
      const client = new CapstanClient({ baseUrl: url, token: 't', timeoutMs: 300 });
      const started = Date.now();
      const download = await client.downloadStoreBackup({ onProgress: (received, total) => seen.push([received, total]) });
      assert.equal(download.bytes, chunk.length * 5);
      assert.equal(await readAll(download.body), chunk.length * 5);
      assert.ok(Date.now() - started > 300, 'the download took longer than the timeout');
      assert.deepEqual(seen.at(-1), [chunk.length * 5, chunk.length * 5]);
    });

    test('the copy may take longer than the client\'s timeout; copyTimeoutMs bounds that wait', async () => {
      stallAfter = Infinity;
      copyMs = 600;
      try {
        const client = new CapstanClient({ baseUrl: url, token: 't', timeoutMs: 300 });
        const download = await client.downloadStoreBackup();
        assert.equal(await readAll(download.body), chunk.length * 5);
        await assert.rejects(client.downloadStoreBackup({ copyTimeoutMs: 200 }),
          (error) => error instanceof CapstanConnectionError && error.reason === 'TIMEOUT');
      } finally {
        copyMs = 0;
      }
    });

    test('a download that stalls fails with CapstanConnectionError TIMEOUT', async () => {
      stallAfter = 2;
      const client = new CapstanClient({ baseUrl: url, token: 't', timeoutMs: 300 });
      const download = await client.downloadStoreBackup();
      await assert.rejects(readAll(download.body), (error) => error instanceof CapstanConnectionError && error.reason === 'TIMEOUT');
    });
  });

  describe('against a server that does not send a database', () => {
    let fake: Server;
    let url: string;
    before(async () => {
      fake = createServer((_request, response) => {
        const body = Buffer.alloc(4096, 'not a database ');
        response.writeHead(200, { 'content-type': 'application/vnd.sqlite3', 'content-length': body.length });
        response.end(body);
      });
      await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => fake.close(() => resolve())));

    test('the bytes are refused and neither the file nor a .partial is left', async () => {
      const file = join(home.dir, 'junk.db');
      const r = await home.run(['backup', '--file', file], { env: { CAPSTAN_SERVER: url, CAPSTAN_TOKEN: 'any-token-will-do' } });
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'error: the server did not send a SQLite database file\n');
      assert.ok(!existsSync(file));
      noPartials();
    });
  });
});
