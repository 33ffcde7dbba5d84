// Drives the server with the client Capstan uses, @kubernetes/client-node 2.0.1, as the gateway will.
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from './index.ts';

let server: KubeApiServer;
let kc: k8s.KubeConfig;
before(async () => {
  server = await startKubeApiServer({ rolloutStepMs: 5 });
  kc = new k8s.KubeConfig();
  kc.loadFromString(server.kubeconfig);
});
after(() => server.close());

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  return { stream: new Writable({ write(c: Buffer, _e, cb) { chunks.push(c); cb(); } }), text: () => Buffer.concat(chunks).toString() };
}

describe('@kubernetes/client-node against the test server', () => {
  test('AppsV1Api creates, reads, patches by container name, and gets 409 for a stale replace', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const body = deploymentManifest({ name: 'cn', containers: [{ name: 'api', image: 'api:1' }, { name: 'side', image: 'side:1' }] }) as k8s.V1Deployment;
    const created = await apps.createNamespacedDeployment({ namespace: 'default', body });
    const patched = await apps.patchNamespacedDeployment(
      { name: 'cn', namespace: 'default', body: { spec: { template: { spec: { containers: [{ name: 'side', image: 'side:2' }] } } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    assert.deepEqual(patched.spec?.template.spec?.containers.map((c) => [c.name, c.image]), [['api', 'api:1'], ['side', 'side:2']]);
    assert.equal(server.requests.at(-1)?.contentType, 'application/strategic-merge-patch+json');
    await assert.rejects(apps.replaceNamespacedDeployment({ name: 'cn', namespace: 'default', body: created }), (e: unknown) => {
      assert.ok(e instanceof k8s.ApiException);
      assert.equal(e.code, 409);
      assert.equal(JSON.parse(e.body as string).reason, 'Conflict');
      return true;
    });
    await assert.rejects(apps.readNamespacedDeployment({ name: 'missing', namespace: 'default' }), (e: unknown) => e instanceof k8s.ApiException && e.code === 404);
  });

  test('CoreV1Api lists pods by label selector', async () => {
    await server.settle();
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const pods = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=cn' });
    assert.equal(pods.items.length, 2);
    assert.ok(pods.items.every((p) => p.status?.phase === 'Running' && p.metadata?.labels?.['pod-template-hash']));
    assert.equal((await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app!=cn' })).items.length, 0);
  });

  test('KubernetesObjectApi.patch with server-side apply goes through discovery', async () => {
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const spec = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'cn', namespace: 'default' }, spec: { template: { spec: { containers: [{ name: 'api', image: 'api:2' }] } } } };
    const applied = await objects.patch(spec, undefined, undefined, 'capstan', true, k8s.PatchStrategy.ServerSideApply) as k8s.V1Deployment;
    assert.deepEqual(applied.spec?.template.spec?.containers.map((c) => c.image), ['api:2', 'side:2']);
    const paths = server.requests.map((r) => `${r.method} ${r.path}`);
    assert.ok(paths.includes('GET /apis/apps/v1'));
    assert.deepEqual(server.requests.at(-1), {
      method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/cn', query: 'fieldManager=capstan&force=true',
      contentType: 'application/apply-patch+yaml', status: 200, body: spec,
    });
  });

  test('Exec runs sh -c with arguments and reports exit code, stdout and stderr', async () => {
    await server.settle();
    const pod = (await kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'default', labelSelector: 'app=cn' })).items[0]?.metadata?.name ?? '';
    const out = sink();
    const err = sink();
    const status = await new Promise<k8s.V1Status>((resolve, reject) => {
      new k8s.Exec(kc).exec('default', pod, 'api', ['sh', '-c', 'echo "hi $1"; echo bad >&2; exit 7', 'sh', 'there'], out.stream, err.stream, null, false, resolve).catch(reject);
    });
    assert.equal(out.text(), 'hi there\n');
    assert.equal(err.text(), 'bad\n');
    assert.equal(status.reason, 'NonZeroExitCode');
    assert.equal(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message, '7');
  });

  test('Exec streams stdin and closes it with the v5 close signal', async () => {
    const pod = (await kc.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'default', labelSelector: 'app=cn' })).items[0]?.metadata?.name ?? '';
    const out = sink();
    const stdin = new PassThrough();
    const status = await new Promise<k8s.V1Status>((resolve, reject) => {
      new k8s.Exec(kc).exec('default', pod, 'api', ['wc', '-c'], out.stream, null, stdin, false, resolve)
        .then((ws) => {
          assert.equal(ws.protocol, 'v5.channel.k8s.io');
          stdin.end('12345');
        })
        .catch(reject);
    });
    assert.equal(status.status, 'Success');
    assert.equal(out.text().trim(), '5');
  });
});
