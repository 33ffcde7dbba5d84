/**
 * `capstan image-triggers` through the real executable: create with a condition, preview which tags would fire
 * (the server's RE2 rules), refusals for bad patterns, and the trigger log with its filters.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDeployWorld, type DeployWorld } from './cli-deploy-world.ts';

describe('capstan image-triggers', () => {
  let world: DeployWorld;
  let id: string;
  before(async () => { world = await startDeployWorld(); });
  after(() => world.close());

  test('create with a regex condition; list and get show it', async () => {
    const r = await world.run(['image-triggers', 'create', '--name', 'web-releases', '--repository', 'team/web', '--method', 'regex', '--expr', '^v\\d+\\.\\d+$',
      '--cluster', 'loop', '--namespace', 'default', '--workload', 'web', '--container', 'web', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const created = JSON.parse(r.stdout);
    id = created.id;
    assert.deepEqual(created.condition, { method: 'regex', expr: '^v\\d+\\.\\d+$' });
    assert.equal(created.pinDigest, true);
    const got = await world.run(['image-triggers', 'get', id]);
    assert.match(got.stdout, /^condition: +regex: \^v\\d\+\\\.\\d\+\$$/m);
    assert.match(got.stdout, /^target: +loop\/default\/Deployment\/web:web$/m);
  });

  test('a method that needs an expression without one is a usage error; a bad pattern is refused by the server', async () => {
    const missing = await world.run(['image-triggers', 'create', '--name', 'x', '--repository', 'r', '--method', 'taglist', '--cluster', 'loop', '--namespace', 'n', '--workload', 'w', '--container', 'c']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: --method taglist needs --expr/);
    const bad = await world.run(['image-triggers', 'preview', '--method', 'regex', '--expr', '(unclosed', '--tag', 'v1']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: .*\([A-Z_]+\)/);
  });

  test('preview says which tags would fire, for a condition and for a saved trigger', async () => {
    const r = await world.run(['image-triggers', 'preview', '--method', 'taglist', '--expr', 'v1;latest', '--tag', 'v1', '--tag', 'v2', '--tag', 'latest']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'TAG     FIRES\nv1      yes\nv2      no\nlatest  yes\n');
    const saved = await world.run(['image-triggers', 'preview', '--trigger', id, '--tag', 'v1.2', '--tag', 'v1.2.3', '-o', 'json']);
    assert.deepEqual(JSON.parse(saved.stdout).matching, ['v1.2']);
  });

  test('update changes only the given fields; logs takes the ListTriggerLog filters', async () => {
    const r = await world.run(['image-triggers', 'update', id, '--expr', '^v\\d+$', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).condition, { method: 'regex', expr: '^v\\d+$' });
    const logs = await world.run(['image-triggers', 'logs', '--trigger', id, '--status', 'failed', '--from', '2026-01-01', '-o', 'json']);
    assert.equal(logs.code, 0, logs.stderr);
    assert.deepEqual(JSON.parse(logs.stdout), []);
    const badStatus = await world.run(['image-triggers', 'logs', '--status', 'weird']);
    assert.equal(badStatus.code, 2);
    const badTime = await world.run(['image-triggers', 'logs', '--from', 'yesterday-ish']);
    assert.equal(badTime.code, 2);
    assert.equal((await world.run(['image-triggers', 'delete', id])).code, 0);
  });

  test('logs --order/--order-by sort on the server, across pages', async () => {
    const created = await world.run(['image-triggers', 'create', '--name', 'sorted-releases', '--repository', 'team/sorted', '--method', 'all',
      '--cluster', 'loop', '--namespace', 'default', '--workload', 'web', '--container', 'web', '-o', 'json']);
    assert.equal(created.code, 0, created.stderr);
    const receiver = await world.client.request<{ url: string }>('POST', '/registry-receivers', { body: { name: 'cli-sorting', sender: 'distribution', secret: 'cli-sorting-secret' } });
    // Two pushes, the second sent once the first has fired, so the firing order is certain.
    for (const [i, tag] of ['s1', 's2'].entries()) {
      const event = {
        id: `cli-sort-${i}`, timestamp: new Date().toISOString(), action: 'push',
        target: { mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: `sha256:${String(i + 1).repeat(64)}`, length: 1, repository: 'team/sorted', tag },
        request: { id: `r${i}`, addr: 'client.local', host: 'registry.example', method: 'PUT', useragent: 'test/0.1' }, actor: { name: 'ci' }, source: { addr: 'registry.local:5000' },
      };
      const res = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/vnd.docker.distribution.events.v1+json', authorization: 'Bearer cli-sorting-secret' }, body: JSON.stringify({ events: [event] }) });
      assert.equal(res.status, 202, await res.text());
      for (let tries = 0; (await world.client.imageTriggers.logs({ repository: 'team/sorted' })).items.length < i + 1; tries++) {
        assert.ok(tries < 200, 'the push fired the trigger');
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const tags = async (...args: string[]) => {
      const r = await world.run(['image-triggers', 'logs', '--repository', 'team/sorted', '-o', 'json', ...args]);
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.stdout) as { tag: string }[]).map((l) => l.tag);
    };
    assert.deepEqual(await tags('--limit', '1'), ['s2'], 'newest first by default');
    assert.deepEqual(await tags('--limit', '1', '--order', 'asc'), ['s1'], 'the server sorts: the oldest is on the first page');
    assert.deepEqual(await tags('--order', 'asc', '--order-by', 'invokeTime'), ['s1', 's2']);
    assert.deepEqual(await tags('--order-by', 'triggerName', '--order', 'desc'), ['s2', 's1']);
    const bad = await world.run(['image-triggers', 'logs', '--order-by', 'invoke_time']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--order-by must be one of: invokeTime, triggerName, repoName/);
    assert.equal((await world.run(['image-triggers', 'logs', '--order', 'up'])).code, 2);
  });
});
