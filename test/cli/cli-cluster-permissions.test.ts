/**
 * `capstan clusters check` through the real executable against a real server and the loopback Kubernetes API
 * server with chosen RBAC denials: the table puts what is missing first, and the exit code says whether anything is.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CapstanClient } from '../../client/index.ts';
import { startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { cliHome, startTestServer, type CliHome, type CliResult, type TestServer } from './cli-harness.ts';

describe('capstan clusters check', () => {
  let server: TestServer;
  let kube: KubeApiServer;
  let home: CliHome;
  let run: (args: readonly string[]) => Promise<CliResult>;
  before(async () => {
    [server, kube] = await Promise.all([startTestServer(), startKubeApiServer()]);
    home = cliHome();
    run = (args) => home.run(args, { env: { CAPSTAN_SERVER: server.url, CAPSTAN_TOKEN: server.adminToken } });
    await new CapstanClient({ baseUrl: server.url, token: server.adminToken }).createCluster({ id: 'loop', name: 'loopback', kubeconfig: kube.kubeconfig });
  });
  after(async () => {
    await Promise.all([server.stop(), kube.close()]);
    home.remove();
  });

  test('everything granted: a table of ok rows and exit 0', async () => {
    kube.clearDenials();
    const r = await run(['clusters', 'check', 'loop', '--namespace', 'shop']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^STATUS\s+VERB\s+RESOURCE\s+NEEDED FOR\s+REASON$/);
    assert.equal(lines.length, 16);
    assert.ok(lines.slice(1).every((l) => l.startsWith('ok ')), r.stdout);
    assert.match(r.stdout, /^ok\s+create\s+pods\/exec\s+execution hooks/m);
    assert.equal(r.stderr, 'All 15 permissions Capstan uses in namespace shop are granted.\n');
  });

  test('missing permissions come first, marked MISSING with their feature, and the exit code is 1', async () => {
    kube.clearDenials();
    kube.denyAccess({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'shop' });
    kube.denyAccess({ verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: 'shop' });
    try {
      const r = await run(['clusters', 'check', 'loop', '--namespace', 'shop']);
      assert.equal(r.code, 1, r.stderr);
      const rows = r.stdout.trimEnd().split('\n').slice(1);
      assert.match(rows[0]!, /^MISSING\s+patch\s+deployments\.apps\s+restart, set image and rollback\s+-$/);
      assert.match(rows[1]!, /^MISSING\s+create\s+pods\/exec\s+execution hooks \(exec, Kubernetes 1\.35 and later\)\s+-$/);
      assert.ok(rows.slice(2).every((l) => l.startsWith('ok ')), r.stdout);
      assert.match(r.stderr, /^2 of 15 permissions are missing in namespace shop: .*deploy\/rbac\.yaml/);

      const json = await run(['clusters', 'check', 'loop', '--namespace', 'shop', '-o', 'json']);
      assert.equal(json.code, 1);
      const body = JSON.parse(json.stdout) as { allAllowed: boolean; checks: { allowed: boolean; verb: string; resource: string }[] };
      assert.equal(body.allAllowed, false);
      assert.deepEqual(body.checks.filter((c) => !c.allowed).map((c) => `${c.verb} ${c.resource}`), ['patch deployments', 'create pods']);

      assert.equal((await run(['clusters', 'check', 'loop', '--namespace', 'other'])).code, 0, 'the denials are for shop only');
    } finally {
      kube.clearDenials();
    }
  });

  test('a missing --namespace is a usage error; a bad one is refused by the server naming the field', async () => {
    const missing = await run(['clusters', 'check', 'loop']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--namespace/);
    const bad = await run(['clusters', 'check', 'loop', '--namespace', 'Not_A_Label']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: Request validation failed \(VALIDATION_FAILED\)\n {2}\/query\/namespace: /);
  });
});
