import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { stringify } from 'yaml';
import { AppError } from '../../domain/errors.ts';
import { createKubeGateway } from './client-node-gateway.ts';
import { createKubeConnector } from './kube-connector.ts';

const kubeconfig = (server: string) => stringify({
  apiVersion: 'v1', kind: 'Config', 'current-context': 'x',
  clusters: [{ name: 'x', cluster: { server, 'insecure-skip-tls-verify': true } }],
  users: [{ name: 'x', user: { token: 't' } }],
  contexts: [{ name: 'x', context: { cluster: 'x', user: 'x', namespace: 'shop' } }],
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createKubeGateway', () => {
  test('refuses text that is not a kubeconfig with KUBECONFIG_INVALID', () => {
    assert.throws(() => createKubeGateway('kind: Pod'), (e: unknown) => e instanceof AppError && e.code === 'KUBECONFIG_INVALID');
  });

  test('ping never throws: an unreachable server is reported as data', async () => {
    const gateway = createKubeGateway(kubeconfig(`http://127.0.0.1:${await closedPort()}`));
    const ping = await gateway.ping();
    assert.equal(ping.reachable, false);
    assert.equal(ping.version, null);
    assert.match(ping.error ?? '', /unreachable/);
  });

  test('an unreachable server is KUBE_UNAVAILABLE after bounded retries', async () => {
    const gateway = createKubeGateway(kubeconfig(`http://127.0.0.1:${await closedPort()}`), {
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });
    await assert.rejects(gateway.listPods('shop', ''), (e: unknown) => e instanceof AppError && e.code === 'KUBE_UNAVAILABLE');
  });
});

describe('createKubeConnector', () => {
  test('inspect summarises a kubeconfig without credentials', () => {
    assert.deepEqual(createKubeConnector().inspect(kubeconfig('https://k8s.example.invalid')), {
      server: 'https://k8s.example.invalid', namespace: 'shop', contextName: 'x',
    });
  });
});
