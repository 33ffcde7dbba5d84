/**
 * login, account and tokens through the real executable against a real server: the saved config (0600) and
 * its precedence, json and table output, the one-time token secret, and problem details shown per field.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { cliHome, startTestServer, type CliHome, type TestServer } from './cli-harness.ts';

describe('capstan login, account and tokens', () => {
  let server: TestServer;
  let home: CliHome;
  before(async () => {
    server = await startTestServer();
    home = cliHome();
  });
  after(async () => {
    await server.stop();
    home.remove();
  });

  test('login checks the token, writes a 0600 config and later commands use it', async () => {
    const login = await home.run(['login', '--server', server.url, '--token', server.adminToken]);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /^Logged in to http:\/\/127\.0\.0\.1:\d+ as account default \(/);
    assert.ok(!login.stdout.includes(server.adminToken) && !login.stderr.includes(server.adminToken), 'the token is not printed');
    assert.equal(statSync(home.configFile).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(home.configFile, 'utf8')), { server: server.url, token: server.adminToken });

    const account = await home.run(['account']);
    assert.equal(account.code, 0, account.stderr);
    assert.match(account.stdout, /^id: {3}\S+\nname: default\nrole: admin\n$/);
  });

  test('login with a wrong token fails with the problem, exit 1, and keeps the saved config', async () => {
    const before = readFileSync(home.configFile, 'utf8');
    const r = await home.run(['login', '--server', server.url, '--token', 'wrong-token-wrong-token']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: Token is not valid \(TOKEN_INVALID\)\n/);
    assert.ok(!r.stderr.includes('wrong-token-wrong-token'));
    assert.equal(readFileSync(home.configFile, 'utf8'), before);
  });

  test('login reads the token from stdin with --token -', async () => {
    const other = cliHome();
    try {
      const r = await other.run(['login', '--server', server.url, '--token', '-'], { stdin: `${server.adminToken}\n` });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(readFileSync(other.configFile, 'utf8')).token, server.adminToken);
    } finally {
      other.remove();
    }
  });

  test('flags win over the environment, which wins over the config file', async () => {
    const envBad = await home.run(['account'], { env: { CAPSTAN_TOKEN: 'env-token-that-is-not-valid' } });
    assert.equal(envBad.code, 1, 'the env token replaces the saved one');
    assert.match(envBad.stderr, /TOKEN_INVALID/);
    const flagGood = await home.run(['account', '--token', server.adminToken], { env: { CAPSTAN_TOKEN: 'env-token-that-is-not-valid' } });
    assert.equal(flagGood.code, 0, flagGood.stderr);
    const envServer = await home.run(['account'], { env: { CAPSTAN_SERVER: 'http://127.0.0.1:9' } });
    assert.equal(envServer.code, 2, 'the saved token is not sent to another server');
    assert.match(envServer.stderr, /no API token for http:\/\/127\.0\.0\.1:9/);
  });

  test('--output json prints the API objects, parseable', async () => {
    const r = await home.run(['account', '--output', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const account = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(account).sort(), ['id', 'name', 'role']);
    assert.equal(account.role, 'admin');
  });

  test('tokens create prints the secret once with a warning; list, get and delete round-trip without it', async () => {
    const created = await home.run(['tokens', 'create', '--name', 'ci', '--role', 'pipeline', '--expires-in-days', '30', '-o', 'json']);
    assert.equal(created.code, 0, created.stderr);
    const token = JSON.parse(created.stdout);
    assert.equal(token.role, 'pipeline');
    assert.match(token.token, /^cap_/);
    assert.match(created.stderr, /^warning: the token secret is shown only this once/);

    const usable = await home.run(['account', '--token', token.token]);
    assert.equal(usable.code, 0, 'the printed secret is a working token');

    const list = await home.run(['tokens', 'list']);
    assert.equal(list.code, 0, list.stderr);
    const [header, ...rows] = list.stdout.trimEnd().split('\n');
    assert.match(header!, /^ID\s+NAME\s+ROLE\s+PREFIX\s+CREATED\s+LAST USED\s+EXPIRES$/);
    const row = rows.find((line) => line.startsWith(token.id));
    assert.ok(row, list.stdout);
    assert.match(row, new RegExp(`^${token.id}\\s+ci\\s+pipeline\\s+${token.prefix}\\s`));
    assert.ok(!list.stdout.includes(token.token) && !list.stdout.includes(server.adminToken), 'list shows no secret');

    const got = await home.run(['tokens', 'get', token.id, '--output', 'json']);
    assert.equal(got.code, 0, got.stderr);
    const { token: _secret, lastUsedAt: _lastUsed, ...view } = token;
    const shown = JSON.parse(got.stdout);
    assert.deepEqual({ ...shown, lastUsedAt: undefined }, { ...view, lastUsedAt: undefined });
    assert.ok(!('token' in shown));
    assert.ok(shown.lastUsedAt, 'using the token above was recorded');

    const deleted = await home.run(['tokens', 'delete', token.id]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout, `Deleted token ${token.id}.\n`);
    const revoked = await home.run(['account', '--token', token.token]);
    assert.equal(revoked.code, 1, 'a deleted token no longer works');
    const gone = await home.run(['tokens', 'get', token.id]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^error: .* \(TOKEN_NOT_FOUND\)\n/);
  });

  test('a validation error names the failing field and exits 1', async () => {
    const r = await home.run(['tokens', 'create', '--name', 'x', '--role', 'root']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines[0], 'error: Request validation failed (VALIDATION_FAILED)');
    assert.ok(lines.includes('  /body/role: must be one of: admin, member, viewer, pipeline'), r.stderr);
  });

  test('a role without the permission gets the server\'s 403 as exit 1', async () => {
    const viewer = JSON.parse((await home.run(['tokens', 'create', '--name', 'ro', '--role', 'viewer', '-o', 'json'])).stdout);
    const r = await home.run(['tokens', 'list', '--token', viewer.token]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\(ROLE_FORBIDS_ACTION\)/);
  });
});
