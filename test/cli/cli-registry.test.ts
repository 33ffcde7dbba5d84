/**
 * `capstan receivers`, `capstan watches` and `capstan pushes` through the real executable against a real server:
 * a receiver created with its secret from stdin prints the URL a registry then really posts to (and the push is
 * listed); secrets and passwords are never echoed; a watch is created, changed and deleted; errors exit 1 or 2.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDeployWorld, type DeployWorld } from './cli-deploy-world.ts';

const SECRET = 'cli-receiver-secret-value';
const PASSWORD = 'cli-registry-password-value';

describe('capstan receivers, watches and pushes', () => {
  let world: DeployWorld;
  before(async () => { world = await startDeployWorld(); });
  after(() => world.close());

  test('receivers create reads the secret from stdin and prints the URL; a push to it is listed by pushes list', async () => {
    const r = await world.run(['receivers', 'create', '--name', 'cli-dist', '--sender', 'distribution', '--secret-file', '-', '--registry-host', 'registry.example'], `${SECRET}\n`);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(SECRET));
    assert.match(r.stdout, /^secret: +set$/m);
    const url = /^url: +(\S+)$/m.exec(r.stdout)?.[1];
    assert.equal(new URL(url ?? 'x:').origin, new URL(world.url).origin, 'the URL is under the public URL');
    assert.match(r.stderr, /Point the registry's webhook at the url above/);
    const id = /^id: +(\S+)$/m.exec(r.stdout)?.[1] ?? '';

    const event = {
      id: 'cli-push-1', timestamp: new Date().toISOString(), action: 'push',
      target: { mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: `sha256:${'a'.repeat(64)}`, length: 1, repository: 'team/cli', tag: 'v7' },
      request: { id: 'r1', addr: 'client.local', host: 'registry.example', method: 'PUT', useragent: 'test/0.1' }, actor: { name: 'ci' }, source: { addr: 'registry.local:5000' },
    };
    const res = await fetch(url ?? '', { method: 'POST', headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json', authorization: `Bearer ${SECRET}` }, body: JSON.stringify({ events: [event] }) });
    assert.equal(res.status, 202, await res.text());

    const pushes = await world.run(['pushes', 'list', '--repository', 'team/cli', '-o', 'json']);
    assert.equal(pushes.code, 0, pushes.stderr);
    const items = JSON.parse(pushes.stdout) as { repository: string; tag: string; sourceId: string }[];
    assert.deepEqual(items.map((e) => [e.repository, e.tag, e.sourceId]), [['team/cli', 'v7', id]]);
    const table = await world.run(['pushes', 'list', '--repository', 'team/cli']);
    assert.match(table.stdout, /^RECEIVED +REPOSITORY +TAG +DIGEST/);
    assert.match(table.stdout, /registry\.example\/team\/cli +v7 +sha256:a{64}/);
    assert.deepEqual(JSON.parse((await world.run(['pushes', 'list', '--repository', 'team/other', '-o', 'json'])).stdout), []);

    const list = await world.run(['receivers', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^ID +NAME +SENDER +AUTH/);
    assert.match(list.stdout, new RegExp(`^${id} +cli-dist +distribution `, 'm'));
    assert.ok(!list.stdout.includes(url ?? '-'), 'lists leave the URL out');
    const shown = JSON.parse((await world.run(['receivers', 'show', id, '-o', 'json'])).stdout);
    assert.equal(shown.url, url);
    assert.equal(shown.hasSecret, true);
    assert.equal('secret' in shown, false);

    const deleted = await world.run(['receivers', 'delete', id]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout, `Deleted receiver ${id}.\n`);
    const gone = await world.run(['receivers', 'show', id]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /^error: Registry receiver not found \(RECEIVER_NOT_FOUND\)/);
    assert.equal((await fetch(url ?? '', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` }, body: '{"events":[]}' })).ok, false);
  });

  test('an empty secret and an unknown sender are refused', async () => {
    const empty = await world.run(['receivers', 'create', '--name', 'x', '--sender', 'distribution', '--secret-file', '-'], '\n');
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /^error: the secret from stdin is empty\nRun "capstan receivers create --help"/);
    const unknown = await world.run(['receivers', 'create', '--name', 'x', '--sender', 'no-such-registry']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error: .*\([A-Z_]+\)/);
    const missing = await world.run(['receivers', 'create', '--name', 'x', '--secret-file', join(world.home.dir, 'absent')]);
    assert.equal(missing.code, 2, 'a missing --sender is a usage error before any file is read');
    const unreadable = await world.run(['receivers', 'create', '--name', 'x', '--sender', 'distribution', '--secret-file', join(world.home.dir, 'absent')]);
    assert.equal(unreadable.code, 1);
    assert.match(unreadable.stderr, /^error: cannot read the secret file .*absent \(ENOENT\)/);
  });

  test('watches create with credentials from a file; list, show, update, delete', async () => {
    const passwordFile = join(world.home.dir, 'registry-password');
    writeFileSync(passwordFile, `${PASSWORD}\n`);
    const r = await world.run(['watches', 'create', '--name', 'cli-watch', '--registry-url', 'http://127.0.0.1:1', '--repository', 'library/nginx',
      '--interval', '3600', '--tag-pattern', '^v\\d+$', '--username', 'bot', '--password-file', passwordFile, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, new RegExp(PASSWORD));
    const created = JSON.parse(r.stdout);
    assert.equal(created.intervalSeconds, 3600);
    assert.equal(created.hasCredentials, true);
    assert.equal(created.tagPattern, '^v\\d+$');
    assert.equal(created.enabled, true);

    const list = await world.run(['watches', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^ID +NAME +REPOSITORY +INTERVAL +ENABLED/);
    assert.match(list.stdout, new RegExp(`^${created.id} +cli-watch +127\\.0\\.0\\.1:1/library/nginx +3600s +yes`, 'm'));
    const shown = await world.run(['watches', 'show', created.id]);
    assert.match(shown.stdout, /^credentials: +set$/m);
    assert.match(shown.stdout, /^interval: +3600s$/m);

    const updated = await world.run(['watches', 'update', created.id, '--interval', '60', '--disable', '--no-credentials', '--no-tag-pattern', '-o', 'json']);
    assert.equal(updated.code, 0, updated.stderr);
    const changed = JSON.parse(updated.stdout);
    assert.deepEqual([changed.intervalSeconds, changed.enabled, changed.hasCredentials, changed.tagPattern, changed.name], [60, false, false, null, 'cli-watch']);

    const deleted = await world.run(['watches', 'delete', created.id, '-o', 'json']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual(JSON.parse(deleted.stdout), { id: created.id, deleted: true });
    assert.doesNotMatch((await world.run(['watches', 'list'])).stdout, /cli-watch/);
  });

  test('watch usage errors exit 2; a refused value exits 1 with the server\'s reason', async () => {
    const base = ['watches', 'create', '--name', 'w', '--registry-url', 'http://127.0.0.1:1', '--repository', 'r'];
    const noPassword = await world.run([...base, '--username', 'bot']);
    assert.equal(noPassword.code, 2);
    assert.match(noPassword.stderr, /^error: --username needs --password-file/);
    const badInterval = await world.run([...base, '--interval', 'soon']);
    assert.equal(badInterval.code, 2);
    assert.match(badInterval.stderr, /^error: --interval must be a whole number, got "soon"/);
    const tooLong = await world.run([...base, '--interval', '86401']);
    assert.equal(tooLong.code, 1);
    assert.match(tooLong.stderr, /intervalSeconds/);
    const nothing = await world.run(['watches', 'update', 'some-id']);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /^error: nothing to change/);
    const help = await world.run(['watches', 'create', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--password-file FILE\|-/);
    assert.doesNotMatch(help.stdout, /--password /);
  });
});
