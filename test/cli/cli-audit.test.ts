/**
 * `capstan audit` through the real executable against a real server (started as `npm start` does): the calls the
 * CLI itself made show up, refusals included, in json and table output, with the filters, and only for admins.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliHome, startTestServer, type CliHome, type TestServer } from './cli-harness.ts';

interface Entry {
  readonly action: string;
  readonly route: string;
  readonly target: string | null;
  readonly status: number;
  readonly outcome: string;
  readonly errorCode: string | null;
  readonly actor: { tokenId: string; tokenName: string } | null;
}

describe('capstan audit', () => {
  let server: TestServer;
  let home: CliHome;
  let viewer: { id: string; token: string };
  let created: { id: string };
  before(async () => {
    server = await startTestServer();
    home = cliHome();
    assert.equal((await home.run(['login', '--server', server.url, '--token', server.adminToken])).code, 0);
    viewer = JSON.parse((await home.run(['tokens', 'create', '--name', 'auditor', '--role', 'viewer', '-o', 'json'])).stdout);
    created = JSON.parse((await home.run(['tokens', 'create', '--name', 'ci', '--role', 'pipeline', '-o', 'json'])).stdout);
    const refused = await home.run(['tokens', 'delete', created.id, '--token', viewer.token]);
    assert.equal(refused.code, 1, 'a viewer cannot revoke tokens');
  });
  after(async () => {
    await server.stop();
    home.remove();
  });

  test('--output json lists the CLI\'s own calls newest first, the refusal included, and never a secret', async () => {
    const r = await home.run(['audit', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const entries = JSON.parse(r.stdout) as Entry[];
    assert.deepEqual(entries.map((e) => [e.action, e.target, e.status, e.outcome, e.errorCode, e.actor?.tokenName ?? null]), [
      ['DELETE /api/v1/tokens/:id', created.id, 403, 'denied', 'ROLE_FORBIDS_ACTION', 'auditor'],
      ['POST /api/v1/tokens', created.id, 201, 'succeeded', null, 'bootstrap-admin'],
      ['POST /api/v1/tokens', viewer.id, 201, 'succeeded', null, 'bootstrap-admin'],
    ]);
    assert.ok(!r.stdout.includes(viewer.token) && !r.stdout.includes(server.adminToken));
  });

  test('filters and --limit narrow the list; the table has one row per entry', async () => {
    const json = async (...args: string[]) => JSON.parse((await home.run(['audit', ...args, '-o', 'json'])).stdout) as Entry[];
    assert.deepEqual((await json('--outcome', 'denied')).map((e) => e.target), [created.id]);
    assert.deepEqual((await json('--actor', viewer.id)).map((e) => e.target), [created.id]);
    assert.deepEqual(await json('--actor', viewer.id, '--outcome', 'succeeded'), []);
    const byAction = JSON.parse((await home.run(['audit', '--action', 'POST /api/v1/tokens', '--target', viewer.id, '-o', 'json'])).stdout) as Entry[];
    assert.deepEqual(byAction.map((e) => e.status), [201]);
    const future = JSON.parse((await home.run(['audit', '--since', new Date(Date.now() + 60_000).toISOString(), '-o', 'json'])).stdout) as Entry[];
    assert.deepEqual(future, []);
    const past = JSON.parse((await home.run(['audit', '--until', String(Date.now() + 60_000), '--limit', '2', '-o', 'json'])).stdout) as Entry[];
    assert.equal(past.length, 2);

    const table = await home.run(['audit', '--route', '/api/v1/tokens/:id']);
    assert.equal(table.code, 0, table.stderr);
    const [header, row, ...rest] = table.stdout.trimEnd().split('\n');
    assert.match(header!, /^AT\s+OUTCOME\s+STATUS\s+ACTION\s+TARGET\s+ACTOR\s+ERROR\s+SOURCE\s+REQUEST$/);
    assert.match(row!, new RegExp(`denied\\s+403\\s+DELETE /api/v1/tokens/:id\\s+${created.id}\\s+auditor \\(${viewer.id}\\)\\s+ROLE_FORBIDS_ACTION\\s+127\\.0\\.0\\.1`));
    assert.deepEqual(rest, []);
  });

  test('bad filter values are usage errors (exit 2); a non-admin token is refused (exit 1)', async () => {
    for (const args of [['--outcome', 'maybe'], ['--since', 'yesterday'], ['--until', '12:00'], ['--limit', 'many'], ['extra']]) {
      const r = await home.run(['audit', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^error: /);
    }
    const r = await home.run(['audit', '--token', viewer.token]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\(ROLE_FORBIDS_ACTION\)/);
  });
});
