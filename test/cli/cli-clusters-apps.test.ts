/**
 * clusters and apps through the real executable against a real server and the loopback Kubernetes API server:
 * kubeconfig from a file and from stdin (never echoed), reachability, applications and their live workloads.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { cliHome, startTestServer, type CliHome, type CliResult, type TestServer } from './cli-harness.ts';

describe('capstan clusters and apps', () => {
  let server: TestServer;
  let kube: KubeApiServer;
  let home: CliHome;
  let kubeToken: string;
  let run: (args: readonly string[], stdin?: string) => Promise<CliResult>;
  before(async () => {
    [server, kube] = await Promise.all([startTestServer(), startKubeApiServer()]);
    home = cliHome();
    kubeToken = /token: (\S+)/.exec(kube.kubeconfig)?.[1] ?? assert.fail('the kubeconfig has a token');
    run = async (args, stdin) => {
      const r = await home.run(args, { env: { CAPSTAN_SERVER: server.url, CAPSTAN_TOKEN: server.adminToken }, ...(stdin !== undefined ? { stdin } : {}) });
      for (const text of [r.stdout, r.stderr]) assert.ok(!text.includes(kubeToken), `kubeconfig credentials leaked by ${args.join(' ')}`);
      return r;
    };
  });
  after(async () => {
    await Promise.all([server.stop(), kube.close()]);
    home.remove();
  });

  test('clusters add reads the kubeconfig from a file and never echoes it', async () => {
    const file = join(home.dir, 'kubeconfig.yaml');
    writeFileSync(file, kube.kubeconfig, { mode: 0o600 });
    const r = await run(['clusters', 'add', '--name', 'loopback', '--id', 'loop', '--kubeconfig', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^id: +loop\nname: +loopback\nserver: +http:\/\/127\.0\.0\.1:\d+\ncreated: +\S+\n$/);
  });

  test('clusters add reads the kubeconfig from stdin with --kubeconfig -', async () => {
    const r = await run(['clusters', 'add', '--name', 'from-stdin', '--id', 'piped', '--kubeconfig', '-', '-o', 'json'], kube.kubeconfig);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(Object.keys(JSON.parse(r.stdout)).sort(), ['createdAt', 'id', 'name', 'server']);
  });

  test('a kubeconfig file that cannot be read fails with exit 1 naming the file', async () => {
    const r = await run(['clusters', 'add', '--name', 'x', '--kubeconfig', join(home.dir, 'missing.yaml')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: cannot read the kubeconfig file .*missing\.yaml \(ENOENT\)\n$/);
  });

  test('text that is not a kubeconfig is refused by the server with exit 1', async () => {
    const r = await run(['clusters', 'add', '--name', 'bad', '--kubeconfig', '-'], 'hello');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: Kubeconfig is not valid \(KUBECONFIG_INVALID\)\n/);
  });

  test('clusters list, get (with reachability) and delete', async () => {
    const list = await run(['clusters', 'list']);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID\s+NAME\s+SERVER\s+CREATED$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/)[0]).sort(), ['loop', 'piped']);

    const got = await run(['clusters', 'get', 'loop', '-o', 'json']);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(JSON.parse(got.stdout).reachability.reachable, true);
    const table = await run(['clusters', 'get', 'loop']);
    assert.match(table.stdout, /^reachable: yes$/m);

    assert.equal((await run(['clusters', 'delete', 'piped'])).stdout, 'Deleted cluster piped.\n');
    assert.equal((await run(['clusters', 'get', 'piped'])).code, 1);
  });

  test('apps create, list, get, update and workloads show what the selector matches', async () => {
    kube.apply(deploymentManifest({ name: 'shop-web', labels: { 'app.kubernetes.io/instance': 'shop' }, image: 'registry.example/shop:1.2.3' }));
    kube.apply(deploymentManifest({ name: 'other', labels: { 'app.kubernetes.io/instance': 'other' } }));
    const created = await run(['apps', 'create', '--name', 'shop', '--cluster', 'loop', '--namespace', 'default', '-o', 'json']);
    assert.equal(created.code, 0, created.stderr);
    const app = JSON.parse(created.stdout);
    assert.equal(app.selector, 'app.kubernetes.io/instance=shop');

    const workloads = await run(['apps', 'workloads', app.id]);
    assert.equal(workloads.code, 0, workloads.stderr);
    assert.equal(workloads.stdout,
      'KIND        NAMESPACE  NAME      CONTAINERS                            GITOPS\nDeployment  default    shop-web  shop-web=registry.example/shop:1.2.3  -\n');
    const asJson = JSON.parse((await run(['apps', 'workloads', app.id, '-o', 'json'])).stdout);
    assert.deepEqual(asJson.map((w: { name: string }) => w.name), ['shop-web']);

    const list = await run(['apps', 'list', '--cluster', 'loop', '-o', 'json']);
    assert.deepEqual(JSON.parse(list.stdout).map((a: { id: string }) => a.id), [app.id]);
    assert.deepEqual(JSON.parse((await run(['apps', 'list', '--cluster', 'elsewhere', '-o', 'json'])).stdout), []);

    const updated = await run(['apps', 'update', app.id, '--selector', 'app.kubernetes.io/instance=other', '-o', 'json']);
    assert.equal(updated.code, 0, updated.stderr);
    assert.deepEqual({ ...JSON.parse(updated.stdout), updatedAt: null }, { ...app, selector: 'app.kubernetes.io/instance=other', updatedAt: null });
    const after = JSON.parse((await run(['apps', 'workloads', app.id, '-o', 'json'])).stdout);
    assert.deepEqual(after.map((w: { name: string }) => w.name), ['other']);
    assert.match((await run(['apps', 'get', app.id])).stdout, /^selector: +app\.kubernetes\.io\/instance=other$/m);
  });

  test('an invalid selector and a cluster still in use are refused with exit 1 and the problem code', async () => {
    const bad = await run(['apps', 'create', '--name', 'x', '--cluster', 'loop', '--namespace', 'default', '--selector', 'a in b']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: Label selector is not valid \(SELECTOR_INVALID\)\n/);
    const busy = await run(['clusters', 'delete', 'loop']);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /^error: Cluster still has applications \(CLUSTER_IN_USE\)\n/);
  });

  test('apps delete removes the application', async () => {
    const [app] = JSON.parse((await run(['apps', 'list', '-o', 'json'])).stdout);
    const r = await run(['apps', 'delete', app.id, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { id: app.id, deleted: true });
    assert.equal((await run(['apps', 'get', app.id])).code, 1);
  });
});
