import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { stringify } from 'yaml';
import { AppError } from '../../domain/errors.ts';
import type { ExecRequest } from '../../app/ports/kube-gateway.ts';
import { execInPod, verdictOf } from './exec.ts';
import { KubeApi } from './kube-api.ts';
import { loadKubeConfig } from './kubeconfig.ts';

// Channel-3 Status objects as the kubelet sends them (remotecommand/exec.go; client-go errorDecoderV4).
describe('verdictOf', () => {
  test('Success is exit code 0', () => {
    assert.deepEqual(verdictOf({ metadata: {}, status: 'Success' }), { outcome: 'exited', exitCode: 0, message: null });
  });

  test('NonZeroExitCode takes the code from the ExitCode cause', () => {
    const status = {
      status: 'Failure', reason: 'NonZeroExitCode', message: 'command terminated with non-zero exit code: 3',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    };
    assert.deepEqual(verdictOf(status), { outcome: 'exited', exitCode: 3, message: null });
  });

  test('an exit code outside uint8 is not trusted', () => {
    const status = { status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '300' }] } };
    assert.equal(verdictOf(status).outcome, 'error');
  });

  test('an internal error without exit code is an error outcome with the status message', () => {
    const status = {
      status: 'Failure', reason: 'InternalError', code: 500,
      message: 'Internal error occurred: error executing command in container: not found',
      details: { causes: [{ message: 'error executing command in container: not found' }] },
    };
    assert.deepEqual(verdictOf(status), {
      outcome: 'error', exitCode: null, message: 'Internal error occurred: error executing command in container: not found',
    });
  });
});

// Stream behaviours a well-behaved loopback server never shows: a socket that closes without a status, an API
// server that only speaks v4, a server that never answers. argv[0] picks the behaviour.
describe('execInPod against misbehaving exec endpoints', () => {
  let server: Server;
  let api: KubeApi;
  before(async () => {
    ({ server, api } = await startFakeExecServer());
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const request = (argv: string[], extra: Partial<ExecRequest> = {}): ExecRequest => ({
    namespace: 'ns', pod: 'p', container: 'c', argv, timeoutMs: 2_000, ...extra,
  });

  test('a socket that closes without an exit status is an error with unknown outcome (K20)', async () => {
    const result = await execInPod(api, request(['close-early']));
    assert.equal(result.outcome, 'error');
    assert.match(result.message ?? '', /outcome is unknown/);
    assert.equal(result.stdoutTail, 'partial');
  });

  test('the exit code comes from the channel-3 status', async () => {
    const result = await execInPod(api, request(['exit-7']));
    assert.deepEqual([result.outcome, result.exitCode, result.stderrTail], ['exited', 7, 'boom']);
  });

  test('stdin is refused on a v4-only server instead of closing the socket (K21)', async () => {
    const result = await execInPod(api, request(['v4'], { stdin: 'data' }));
    assert.equal(result.outcome, 'error');
    assert.match(result.message ?? '', /v5\.channel\.k8s\.io/);
  });

  test('a server that never sends a status ends at our own timeout (K22)', async () => {
    const result = await execInPod(api, request(['hang'], { timeoutMs: 200 }));
    assert.deepEqual([result.outcome, result.exitCode], ['timed_out', null]);
  });

  test('a container the pod does not have is CONTAINER_NOT_FOUND before anything runs', async () => {
    await assert.rejects(execInPod(api, { ...request(['exit-7']), container: 'other' }),
      (e: unknown) => e instanceof AppError && e.code === 'CONTAINER_NOT_FOUND' && /has: c/.test(e.detail));
  });

  test('an empty argv is refused', async () => {
    await assert.rejects(execInPod(api, request([])), (e: unknown) => e instanceof AppError && e.code === 'PARAM_INVALID');
  });
});

async function startFakeExecServer(): Promise<{ server: Server; api: KubeApi }> {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { containers: [{ name: 'c', image: 'x' }] } };
  const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(pod)));
  const behaviourOf = (url: string | undefined): string => new URL(url ?? '/', 'http://x').searchParams.get('command') ?? '';
  const wss = new WebSocketServer({
    noServer: true,
    // Like an API server older than 1.30 for the `v4` behaviour: it does not offer v5.
    handleProtocols: (_offered, req) => (behaviourOf(req.url) === 'v4' ? 'v4.channel.k8s.io' : 'v5.channel.k8s.io'),
  });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => behave(ws, behaviourOf(req.url)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { kc } = loadKubeConfig(stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'x',
    clusters: [{ name: 'x', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'x', user: { token: 't' } }],
    contexts: [{ name: 'x', context: { cluster: 'x', user: 'x' } }],
  }));
  return { server, api: new KubeApi(kc, { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }) };
}

function behave(ws: WebSocket, behaviour: string): void {
  const frame = (channel: number, text = ''): Buffer => Buffer.concat([Buffer.from([channel]), Buffer.from(text)]);
  if (behaviour === 'close-early') {
    ws.send(frame(1, 'partial'));
    setTimeout(() => ws.close(), 20);
  } else if (behaviour === 'exit-7') {
    ws.send(frame(2, 'boom'));
    const status = { status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '7' }] } };
    ws.send(frame(3, JSON.stringify(status)));
  }
}
