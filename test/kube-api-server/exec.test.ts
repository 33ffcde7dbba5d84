import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { tokenOf, type Loose } from './api-client.ts';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from './index.ts';

let server: KubeApiServer;
let pod: string;
before(async () => {
  server = await startKubeApiServer({ rolloutStepMs: 5 });
  server.apply(deploymentManifest({ name: 'app', replicas: 1, containers: [{ name: 'main', image: 'app:1' }, { name: 'side', image: 'side:1' }] }));
  await server.settle();
  pod = (server.list('v1', 'Pod', 'default')[0] as Loose).metadata.name;
});
after(() => server.close());

interface Session { frames: Buffer[]; status: Loose; stdout: string; stderr: string; protocol: string }

function execUrl(argv: string[], opts: { container?: string; stdin?: boolean } = {}): string {
  const q = new URLSearchParams({ container: opts.container ?? 'main', stdout: 'true', stderr: 'true', stdin: String(opts.stdin ?? false) });
  for (const a of argv) q.append('command', a);
  return `${server.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/${pod}/exec?${q}`;
}

function open(url: string, protocols: string[]): WebSocket {
  return new WebSocket(url, protocols, { headers: { authorization: `Bearer ${tokenOf(server)}` } });
}

/** Runs one exec session to its end; `drive` may write stdin frames once the socket is open. */
function session(url: string, protocols: string[], drive?: (ws: WebSocket) => void): Promise<Session> {
  return new Promise((resolve, reject) => {
    const ws = open(url, protocols);
    const frames: Buffer[] = [];
    ws.on('open', () => drive?.(ws));
    ws.on('message', (data: Buffer) => frames.push(data));
    ws.on('error', reject);
    ws.on('close', () => {
      const text = (ch: number) => Buffer.concat(frames.filter((f) => f[0] === ch).map((f) => f.subarray(1))).toString();
      const status = frames.find((f) => f[0] === 3);
      resolve({ frames, protocol: ws.protocol, stdout: text(1), stderr: text(2), status: status ? JSON.parse(status.subarray(1).toString()) : undefined });
    });
  });
}

describe('pods/exec over WebSocket', () => {
  test('runs argv with its arguments and reports stdout, stderr and a non-zero exit code (v5)', async () => {
    const s = await session(execUrl(['sh', '-c', 'echo "out:$1:$2"; echo oops >&2; exit 3', 'sh', 'a b', 'c']), ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
    assert.equal(s.protocol, 'v5.channel.k8s.io');
    assert.deepEqual([...(s.frames[0] ?? [])], [1], 'an empty frame on the first output channel comes first');
    assert.equal(s.stdout, 'out:a b:c\n');
    assert.equal(s.stderr, 'oops\n');
    assert.equal(s.status.status, 'Failure');
    assert.equal(s.status.reason, 'NonZeroExitCode');
    assert.deepEqual(s.status.details.causes, [{ reason: 'ExitCode', message: '3' }]);
  });

  test('reports Success on exit 0 over v4', async () => {
    const s = await session(execUrl(['true']), ['v4.channel.k8s.io']);
    assert.equal(s.protocol, 'v4.channel.k8s.io');
    assert.deepEqual(s.status, { metadata: {}, status: 'Success' });
  });

  test('feeds stdin and ends it on the v5 close frame [255, 0]', async () => {
    const s = await session(execUrl(['sh', '-c', 'tr a-z A-Z'], { stdin: true }), ['v5.channel.k8s.io'], (ws) => {
      ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('hello ')]));
      ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('world')]));
      ws.send(Buffer.from([255, 0]));
    });
    assert.equal(s.stdout, 'HELLO WORLD');
    assert.equal(s.status.status, 'Success');
  });

  test('runs in a per-container directory with the pod and container in the environment', async () => {
    const s = await session(execUrl(['sh', '-c', 'echo "$CAPSTAN_TEST_POD/$CAPSTAN_TEST_CONTAINER" > marker; pwd'], { container: 'side' }), ['v5.channel.k8s.io']);
    assert.equal(s.stdout.trim(), server.execDir('default', pod, 'side'));
    assert.equal(readFileSync(join(server.execDir('default', pod, 'side'), 'marker'), 'utf8'), `${pod}/side\n`);
    assert.equal(existsSync(join(server.execDir('default', pod, 'main'), 'marker')), false);
  });

  test('kills the process group when the client closes the socket', async () => {
    const dir = server.execDir('default', pod, 'main');
    const ws = open(execUrl(['sh', '-c', 'echo $$ > pid; sleep 30 & wait']), ['v5.channel.k8s.io']);
    await new Promise((resolve) => ws.on('open', resolve));
    while (!existsSync(join(dir, 'pid')) || readFileSync(join(dir, 'pid'), 'utf8') === '') await new Promise((r) => setTimeout(r, 10));
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    ws.terminate();
    const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(alive(), false);
  });

  test('a missing executable is an InternalError status, like the container runtime reports', async () => {
    const s = await session(execUrl(['no-such-binary-here']), ['v5.channel.k8s.io']);
    assert.equal(s.status.reason, 'InternalError');
    assert.match(s.status.message, /executable file not found/);
  });

  test('an unknown container is refused with 400 BadRequest before the upgrade', async () => {
    const refusal = await new Promise<{ status: number; body: Loose }>((resolve) => {
      const ws = open(execUrl(['true'], { container: 'nope' }), ['v5.channel.k8s.io']);
      ws.on('unexpected-response', (_req, response) => {
        let text = '';
        response.on('data', (c: Buffer) => (text += c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      });
    });
    assert.equal(refusal.status, 400);
    assert.equal(refusal.body.reason, 'BadRequest');
    assert.equal(refusal.body.message, `container nope is not valid for pod ${pod}`);
  });

  test('exec without an upgrade is a 400 and is logged', async () => {
    const res = await fetch(execUrl(['true']).replace('ws', 'http'), { headers: { authorization: `Bearer ${tokenOf(server)}` } });
    assert.equal(res.status, 400);
    assert.ok(server.requests.some((r) => r.path.endsWith('/exec') && r.status === 101));
  });
});
