/**
 * `capstan tasks` and `capstan records` through the real executable against a real server (worker on) and the
 * loopback Kubernetes API server: a task from a JSON file, starts with `--param name=value`, `--wait` exiting 0
 * when the rollout succeeds and 4 when it fails, refusals with the API's field pointers, and rolling back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentManifest } from '../kube-api-server/index.ts';
import { startDeployWorld, type DeployWorld } from './cli-deploy-world.ts';

const DEFINITION = {
  name: 'deploy-web',
  params: [
    { name: 'version', type: 'text', value: '1', description: 'Image tag' },
    { name: 'env', type: 'enum', value: 'staging', limits: ['staging', 'production'] },
    { name: 'token', type: 'encrypt', value: 'stored-secret-value' },
  ],
  steps: [{ name: 'set web image', type: 'set-image', clusterId: 'loop', namespace: 'default', kind: 'Deployment', workload: 'web', container: 'web', image: 'registry.example/web:${version}' }],
};

describe('capstan tasks and records', () => {
  let world: DeployWorld;
  let taskId: string;
  let firstRun: string;
  const image = () => (world.kube.get('apps/v1', 'Deployment', 'default', 'web') as { spec: { template: { spec: { containers: { image: string }[] } } } })
    .spec.template.spec.containers[0]!.image;
  before(async () => {
    world = await startDeployWorld();
    world.kube.apply(deploymentManifest({ name: 'web', replicas: 2, image: 'registry.example/web:1' }));
    await world.kube.settle();
  });
  after(() => world.close());

  test('tasks create reads a JSON definition; get shows parameters and steps, never the stored secret', async () => {
    const file = join(world.home.dir, 'task.json');
    writeFileSync(file, JSON.stringify(DEFINITION));
    const created = await world.run(['tasks', 'create', '--file', file, '-o', 'json']);
    assert.equal(created.code, 0, created.stderr);
    taskId = JSON.parse(created.stdout).id;
    const got = await world.run(['tasks', 'get', taskId]);
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /^ {2}env \(enum\) default staging one of staging\|production$/m);
    assert.match(got.stdout, /^ {2}1\. set web image \[set-image\] loop\/default\/Deployment\/web container web -> registry\.example\/web:\$\{version\}$/m);
    assert.ok(!got.stdout.includes('stored-secret-value'));
    assert.match(got.stdout, /token \(encrypt\) default \*{6}/);
  });

  test('a definition that is not JSON fails with exit 1; a wrong field is named by its pointer', async () => {
    const bad = await world.run(['tasks', 'create', '--file', '-'], '{ nope');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: the task definition is not valid JSON/);
    const invalid = await world.run(['tasks', 'create', '--file', '-'], JSON.stringify({ ...DEFINITION, name: 'other', steps: [{ ...DEFINITION.steps[0], workload: undefined }] }));
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /^ {2}\/body\/steps\/0\/workload: is required for a set-image step$/m);
  });

  test('tasks start --param … --wait follows the rollout and exits 0 when it succeeds', async () => {
    const r = await world.run(['tasks', 'start', taskId, '--param', 'version=2', '--param', 'env=production', '--param', 'token=t=with=equals', '--wait']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^state: +succeeded$/m);
    assert.match(r.stderr, /^Started deploy record [0-9a-f]{32} \(run #1\)\.$/m);
    assert.match(r.stderr, /^\[#{24}\] 100% succeeded$/m);
    assert.equal(image(), 'registry.example/web:2');
    firstRun = /^id: +(\S+)$/m.exec(r.stdout)![1]!;
    const shown = await world.run(['records', 'show', firstRun]);
    assert.match(shown.stdout, /^ {2}version = 2$/m);
    assert.match(shown.stdout, /^ {2}env = production$/m);
    assert.match(shown.stdout, /^ {2}token = \(encrypted\)$/m);
    assert.ok(!shown.stdout.includes('t=with=equals'), 'an encrypt value is never shown');
  });

  test('tasks start --wait exits 4 when the rollout fails, with the reason on stderr', async () => {
    const r = await world.run(['tasks', 'start', taskId, '--param', 'version=fail-3', '--wait']);
    assert.equal(r.code, 4, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^state: +failed$/m);
    assert.match(r.stderr, /^error: deploy record [0-9a-f]{32} failed: Step 1 "set web image" failed: .*progress deadline/m);
  });

  test('bad parameters: a malformed --param is a usage error (2), a value the declaration refuses is exit 1 with its pointer', async () => {
    const malformed = await world.run(['tasks', 'start', taskId, '--param', 'version']);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /^error: --param must be name=value, got "version"\n/);
    const refused = await world.run(['tasks', 'start', taskId, '--param', 'env=qa']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^ {2}\/body\/params\/env: /m);
  });

  test('records list filters by task; rollback --wait restores what the first run left behind', async () => {
    const list = await world.run(['records', 'list', '--task', taskId, '-o', 'json']);
    assert.equal(list.code, 0, list.stderr);
    const states = JSON.parse(list.stdout).map((r: { state: string }) => r.state);
    assert.ok(states.includes('succeeded') && states.includes('failed'), states.join());
    const runs = await world.run(['tasks', 'records', taskId]);
    assert.match(runs.stdout, /^ID\s+RUN\s+STATE\s+TYPE\s+CREATED\s+ERROR$/m);

    const r = await world.run(['records', 'rollback', firstRun, '--wait']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^type: +rollback$/m);
    assert.match(r.stdout, new RegExp(`^rollback of: +${firstRun}$`, 'm'));
    assert.equal(image(), 'registry.example/web:2');
  });

  test('records wait on a finished record prints it and exits by its state', async () => {
    const r = await world.run(['records', 'wait', firstRun]);
    assert.equal(r.code, 0, r.stderr);
    const failed = JSON.parse((await world.run(['records', 'list', '--state', 'failed', '-o', 'json'])).stdout)[0];
    assert.equal((await world.run(['records', 'wait', failed.id])).code, 4);
    const unknown = await world.run(['records', 'show', 'f'.repeat(32)]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error: .*\(\w+_NOT_FOUND\)/);
  });
});
