/**
 * `capstan image-triggers create|update --allow-downgrade` through the real executable: the guard is on unless
 * asked otherwise, update turns it off and on again, and get shows it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDeployWorld, type DeployWorld } from './cli-deploy-world.ts';

describe('capstan image-triggers --allow-downgrade', () => {
  let world: DeployWorld;
  before(async () => { world = await startDeployWorld(); });
  after(() => world.close());

  const create = (name: string, ...extra: string[]) => world.run(['image-triggers', 'create', '--name', name, '--repository', 'team/guard',
    '--cluster', 'loop', '--namespace', 'default', '--workload', 'web', '--container', 'web', ...extra, '-o', 'json']);

  test('create guards by default; --allow-downgrade turns the guard off', async () => {
    const guarded = await create('guarded');
    assert.equal(guarded.code, 0, guarded.stderr);
    assert.equal(JSON.parse(guarded.stdout).allowDowngrade, false);
    const open = await create('open', '--allow-downgrade');
    assert.equal(open.code, 0, open.stderr);
    assert.equal(JSON.parse(open.stdout).allowDowngrade, true);
    const shown = await world.run(['image-triggers', 'get', JSON.parse(guarded.stdout).id]);
    assert.match(shown.stdout, /^downgrades: +skipped \(no-downgrade guard\)$/m);
  });

  test('update --allow-downgrade / --no-allow-downgrade; both at once is a usage error', async () => {
    const { id } = JSON.parse((await create('toggled')).stdout);
    const on = await world.run(['image-triggers', 'update', id, '--allow-downgrade', '-o', 'json']);
    assert.equal(on.code, 0, on.stderr);
    assert.equal(JSON.parse(on.stdout).allowDowngrade, true);
    assert.match((await world.run(['image-triggers', 'get', id])).stdout, /^downgrades: +allowed$/m);
    const off = await world.run(['image-triggers', 'update', id, '--no-allow-downgrade', '-o', 'json']);
    assert.equal(off.code, 0, off.stderr);
    assert.equal(JSON.parse(off.stdout).allowDowngrade, false);
    const both = await world.run(['image-triggers', 'update', id, '--allow-downgrade', '--no-allow-downgrade']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /not both/);
  });
});
