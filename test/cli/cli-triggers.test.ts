/**
 * `capstan triggers` through the real executable against a real server and the loopback Kubernetes API server:
 * the URL printed once, calling it, and `--wait`, whose exit code follows the deploy record: 0 when it succeeds,
 * 4 when it fails.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deploymentManifest } from '../kube-api-server/index.ts';
import { startDeployWorld, type DeployWorld } from './cli-deploy-world.ts';

describe('capstan triggers', () => {
  let world: DeployWorld;
  let url: string;
  let triggerId: string;
  before(async () => {
    world = await startDeployWorld();
    world.kube.apply(deploymentManifest({ name: 'web', replicas: 2, image: 'registry.example/web:1' }));
    world.kube.apply(deploymentManifest({ name: 'stuck', replicas: 1, image: 'registry.example/fail:1' }));
    await world.kube.settle();
  });
  after(() => world.close());

  test('create prints the trigger URL once, with a warning; get and list never show it', async () => {
    const r = await world.run(['triggers', 'create', '--cluster', 'loop', '--namespace', 'default', '--target', 'web', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const created = JSON.parse(r.stdout);
    assert.match(created.url, /^http:\/\/127\.0\.0\.1:\d+\/hook\/trigger\?token=\S+$/);
    assert.match(r.stderr, /^warning: the trigger URL is shown only this once/);
    url = created.url;
    triggerId = created.id;

    const got = await world.run(['triggers', 'get', triggerId]);
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /^project: +default\/web$/m);
    const list = await world.run(['triggers', 'list']);
    assert.match(list.stdout, /^ID\s+NAME\s+TYPE\s+CLUSTER\s+PROJECT/);
    for (const text of [got.stdout, list.stdout, got.stderr, list.stderr]) assert.ok(!text.includes('token='), 'the URL is not shown again');
  });

  test('triggers url explains that the URL was shown once, with exit 1', async () => {
    const r = await world.run(['triggers', 'url', triggerId]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /shown once, when it was created/);
    assert.equal(r.stdout, '');
  });

  test('invoke reads the URL from stdin and prints the deploy record it started', async () => {
    const r = await world.run(['triggers', 'invoke', '-', '-o', 'json'], url);
    assert.equal(r.code, 0, r.stderr);
    const answer = JSON.parse(r.stdout);
    assert.equal(answer.code, '200');
    assert.match(answer.requestId, /^[0-9a-f]{32}$/);
  });

  test('invoke --wait follows the redeploy to success and exits 0', async () => {
    const r = await world.run(['triggers', 'invoke', url, '--wait']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^state: +succeeded$/m);
    assert.match(r.stderr, /^Accepted: deploy record [0-9a-f]{32}\.$/m);
    assert.match(r.stderr, /^\[#+\] 100% succeeded/m, 'the last progress line shows the finished bar');
    assert.match(r.stderr, /^Deploy record [0-9a-f]{32} succeeded\.$/m);
    const history = await world.run(['triggers', 'invocations', triggerId, '-o', 'json']);
    assert.ok(JSON.parse(history.stdout).some((i: { state: string }) => i.state === 'succeeded'));
  });

  test('invoke --wait exits 4 when the rollout fails, naming the reason', async () => {
    const created = await world.run(['triggers', 'create', '--cluster', 'loop', '--namespace', 'default', '--target', 'stuck', '-o', 'json']);
    assert.equal(created.code, 0, created.stderr);
    const r = await world.run(['triggers', 'invoke', JSON.parse(created.stdout).url, '--wait']);
    assert.equal(r.code, 4, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^state: +failed$/m);
    assert.match(r.stderr, /^error: deploy record [0-9a-f]{32} failed: \S/m);
  });

  test('a revoked or unknown trigger URL is refused with exit 1', async () => {
    const r = await world.run(['triggers', 'invoke', `${world.url}/hook/trigger?token=forged`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: Trigger URL not found \(ACK_404\)\n  trigger not found\n$/);
  });

  test('delete revokes the URL at once', async () => {
    const r = await world.run(['triggers', 'delete', triggerId, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { id: triggerId, deleted: true });
    assert.equal((await world.run(['triggers', 'invoke', url])).code, 1);
  });
});
