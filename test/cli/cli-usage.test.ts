/**
 * The CLI's command line without a server: --help everywhere, usage errors (exit 2), an unreachable server
 * (exit 3). Runs the real executable.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { cliHome } from './cli-harness.ts';

const COMMANDS = [
  ['serve'], ['login'], ['account'], ['audit'],
  ['tokens'], ['tokens', 'create'], ['tokens', 'list'], ['tokens', 'get'], ['tokens', 'delete'],
  ['clusters'], ['clusters', 'add'], ['clusters', 'list'], ['clusters', 'get'], ['clusters', 'delete'],
  ['apps'], ['apps', 'create'], ['apps', 'list'], ['apps', 'get'], ['apps', 'update'], ['apps', 'delete'], ['apps', 'workloads'],
];

/** A loopback port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('capstan command line', () => {
  const home = cliHome();
  after(() => home.remove());

  test('--help works for every command and subcommand, on stdout with exit 0', async () => {
    const results = await Promise.all(COMMANDS.map((words) => home.run([...words, '--help'])));
    results.forEach((r, i) => {
      const words = COMMANDS[i]!;
      assert.equal(r.code, 0, `${words.join(' ')} --help: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: capstan ${words.join(' ')}\\b`), words.join(' '));
      assert.equal(r.stderr, '');
    });
  });

  test('the top-level help lists every command; -h and help after options work too', async () => {
    const top = await home.run(['--help']);
    assert.equal(top.code, 0);
    for (const words of COMMANDS.filter((w) => w.length === 2 || ['serve', 'login', 'account', 'audit'].includes(w[0]!))) {
      assert.ok(top.stdout.includes(`  ${words.join(' ')} `), `top help lists ${words.join(' ')}`);
    }
    const late = await home.run(['tokens', 'create', '--name', 'x', '-h']);
    assert.equal(late.code, 0);
    assert.match(late.stdout, /--role ROLE .*\(required\)/);
  });

  test('a command that needs options is refused with exit 2 and a pointer to its help', async () => {
    const r = await home.run(['tokens', 'create', '--name', 'ci']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'error: missing --role\nRun "capstan tokens create --help" for usage.\n');
  });

  test('unknown commands, unknown options, missing or extra arguments and bad values exit 2', async () => {
    const cases = [
      ['nope'], ['tokens', 'nope'], ['tokens', 'list', '--bogus'], ['tokens', 'get'], ['tokens', 'get', 'a', 'b'],
      ['account', '--output', 'yaml'], ['tokens', 'create', '--name', 'x', '--role', 'viewer', '--expires-in-days', '1.5'],
      ['apps', 'update', 'some-id'], ['account', '--server', 'ftp://example.invalid', '--token', 'x'], [],
    ];
    for (const args of cases) {
      const r = await home.run(args);
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
      assert.match(r.stderr, args.length === 0 ? /^Usage: capstan/ : /^error: /, args.join(' '));
    }
  });

  test('a command without any configured token exits 2 and says how to log in', async () => {
    const r = await home.run(['account']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: no API token for http:\/\/127\.0\.0\.1:8080: .*capstan login/);
  });

  test('a server that cannot be reached exits 3 with the address and reason', async () => {
    const port = await closedPort();
    const r = await home.run(['account', '--server', `http://127.0.0.1:${port}`], { env: { CAPSTAN_TOKEN: 'secret-value-not-to-show' } });
    assert.equal(r.code, 3);
    assert.equal(r.stderr, `error: cannot reach the Capstan server at http://127.0.0.1:${port} (ECONNREFUSED)\n`);
    assert.ok(!r.stderr.includes('secret-value-not-to-show'));
  });

  test('--version prints the package version', async () => {
    const r = await home.run(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
