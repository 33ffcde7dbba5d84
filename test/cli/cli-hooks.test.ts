/**
 * `capstan sources` and `capstan hooks` through the real executable: upload a script, create a hook with
 * criteria, see the containers it matches, and read a record's hook runs with their output after a trigger call.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentManifest } from '../kube-api-server/index.ts';
import { startDeployWorld, type DeployWorld } from './cli-deploy-world.ts';

const SCRIPT = '#!/bin/sh\necho "hello from $1"\n';

describe('capstan sources and hooks', () => {
  let world: DeployWorld;
  let appId: string;
  let sourceId: string;
  let hookId: string;
  before(async () => {
    world = await startDeployWorld();
    world.kube.apply(deploymentManifest({ name: 'api', replicas: 1, labels: { 'app.kubernetes.io/instance': 'api' }, image: 'registry.example/api:1' }));
    await world.kube.settle();
    appId = (await world.client.createApplication({ name: 'api', clusterId: 'loop', namespace: 'default' })).id;
  });
  after(() => world.close());

  test('sources upload reads a script file; get --script prints it back exactly', async () => {
    const file = join(world.home.dir, 'hello.sh');
    writeFileSync(file, SCRIPT);
    const up = await world.run(['sources', 'upload', '--name', 'hello', '--file', file, '--description', 'says hello', '-o', 'json']);
    assert.equal(up.code, 0, up.stderr);
    sourceId = JSON.parse(up.stdout).id;
    const script = await world.run(['sources', 'get', sourceId, '--script']);
    assert.equal(script.stdout, SCRIPT);
    const list = await world.run(['sources', 'list']);
    assert.match(list.stdout, /^ID\s+NAME\s+MD5\s+PROVIDED\s+DESCRIPTION\s+UPDATED$/m);
    assert.match(list.stdout, /hello .* says hello/);
  });

  test('hooks create with --match and --arg; get shows the containers it would run in now', async () => {
    const bad = await world.run(['hooks', 'create', '--name', 'x', '--app', appId, '--action', 'redeploy', '--stage', 'pre', '--source', sourceId, '--match', 'colour=red']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^error: --match must be TYPE=PATTERN/);
    const r = await world.run(['hooks', 'create', '--name', 'greet', '--app', appId, '--action', 'redeploy', '--stage', 'pre', '--source', sourceId,
      '--match', 'containerName=^api$', '--arg', 'capstan', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    hookId = JSON.parse(r.stdout).id;
    const got = await world.run(['hooks', 'get', hookId]);
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /^matches: +containerName~\^api\$$/m);
    assert.match(got.stdout, /^matching containers:\n {2}default\/api-[a-z0-9-]+\/api registry\.example\/api:1$/m);
    const list = await world.run(['hooks', 'list', '--app', appId, '-o', 'json']);
    assert.deepEqual(JSON.parse(list.stdout).map((h: { id: string }) => h.id), [hookId]);
  });

  test('hooks runs shows a record\'s hook runs with their output', async () => {
    const trigger = await world.client.triggers.create({ clusterId: 'loop', namespace: 'default', target: 'api' });
    const call = await world.run(['triggers', 'invoke', trigger.url, '--wait', '-o', 'json']);
    assert.equal(call.code, 0, call.stderr);
    const recordId = JSON.parse(call.stdout).id;
    const runs = await world.run(['hooks', 'runs', recordId]);
    assert.equal(runs.code, 0, runs.stderr);
    assert.match(runs.stdout, /^SEQ\s+HOOK\s+STAGE\s+CONTAINER\s+STATE\s+EXIT\s+MS$/m);
    assert.match(runs.stdout, /^1\s+greet\s+pre redeploy\s+default\/api-\S+\/api\s+succeeded\s+0\s+\d+$/m);
    assert.match(runs.stdout, /^ {2}stdout:\n {4}hello from capstan$/m);
  });

  test('settings shows the switch; a source in use cannot be deleted; delete removes the hook', async () => {
    const settings = await world.run(['hooks', 'settings', '-o', 'json']);
    assert.deepEqual(JSON.parse(settings.stdout), { enabled: true });
    assert.equal((await world.run(['sources', 'delete', sourceId])).code, 1);
    assert.equal((await world.run(['hooks', 'delete', hookId])).code, 0);
    assert.equal((await world.run(['sources', 'delete', sourceId])).code, 0);
  });
});
