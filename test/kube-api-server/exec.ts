// pods/exec over WebSocket (reference protocols-reliability §1.7, rules K20–K22). The argv runs as a local process
// in a per-container temp dir, so scripts, arguments, stdin, output, exit codes and timeouts are real.
// Wire: subprotocol v5.channel.k8s.io or v4.channel.k8s.io; every binary frame is one channel byte + payload
// (0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize, 255 close — v5 only, [255,0] = EOF on stdin); an empty frame
// on the lowest output channel first (kubelet remotecommand/websocket.go); channel 3 carries a metav1.Status
// when the command ends (kubelet remotecommand/exec.go); then a normal close. The process group is killed when the
// socket closes first (what a real kubelet does when the stream dies).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { badRequest, notFound } from './status.ts';
import { resourceByKind, type ResourceType } from './resources.ts';
import type { ObjectStore } from './store.ts';
import type { Container, KubeObject } from './types.ts';

const PODS = resourceByKind('v1', 'Pod') as ResourceType;

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export interface ExecSpec {
  argv: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  cwd: string;
  env: Record<string, string>;
}

/** Validates an exec request the way the API server does before upgrading; throws a Status error. */
export function prepareExec(store: ObjectStore, root: string, namespace: string, podName: string, query: URLSearchParams): ExecSpec {
  const pod = store.get(PODS, namespace, podName);
  if (!pod) throw notFound(PODS, podName);
  const container = pickContainer(pod, query.get('container') ?? '');
  const argv = query.getAll('command');
  const flag = (name: string) => query.get(name) === 'true' || query.get(name) === '1';
  if (!flag('stdin') && !flag('stdout') && !flag('stderr')) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  if (argv.length === 0) throw badRequest('you must specify at least one command for the container');
  if (pod.status?.phase !== 'Running') throw badRequest(`unable to upgrade connection: container not found ("${container.name}")`);
  return {
    argv, stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr'),
    cwd: containerDir(root, pod, container.name),
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: containerDir(root, pod, container.name),
      ...Object.fromEntries((container.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string])),
      CAPSTAN_TEST_NAMESPACE: namespace, CAPSTAN_TEST_POD: podName, CAPSTAN_TEST_CONTAINER: container.name,
    },
  };
}

/** pod strategy.go: an empty container name defaults to the only one; unknown names are 400 BadRequest. */
function pickContainer(pod: KubeObject, name: string): Container {
  const spec = pod.spec as { containers: Container[]; initContainers?: Container[] };
  if (name === '') {
    if (spec.containers.length === 1) return spec.containers[0] as Container;
    throw badRequest(`a container name must be specified for pod ${pod.metadata.name}, choose one of: [${spec.containers.map((c) => c.name).join(' ')}]`);
  }
  const found = [...spec.containers, ...(spec.initContainers ?? [])].find((c) => c.name === name);
  if (!found) throw badRequest(`container ${name} is not valid for pod ${pod.metadata.name}`);
  if (!spec.containers.includes(found)) throw badRequest(`unable to upgrade connection: container not found ("${name}")`);
  return found;
}

/** One directory per pod instance (uid) and container, like a container's own filesystem. */
export function containerDir(root: string, pod: KubeObject, container: string): string {
  const dir = join(root, `${pod.metadata.namespace}_${pod.metadata.name}_${pod.metadata.uid.slice(0, 8)}`, container);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function runExec(ws: WebSocket, spec: ExecSpec): void {
  const v5 = ws.protocol === EXEC_PROTOCOLS[0];
  const send = (channel: number, payload: Buffer | string = Buffer.alloc(0)): void => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(payload)]));
  };
  send(spec.stdout ? 1 : spec.stderr ? 2 : 3);
  const child = spawn(spec.argv[0] as string, spec.argv.slice(1), { cwd: spec.cwd, env: spec.env, detached: true, stdio: 'pipe' });
  let finished = false;
  const finish = (status: Record<string, unknown>): void => {
    if (finished) return;
    finished = true;
    send(3, JSON.stringify(status));
    if (ws.readyState === ws.OPEN) ws.close(1000);
  };
  child.stdout.on('data', (d: Buffer) => spec.stdout && send(1, d));
  child.stderr.on('data', (d: Buffer) => spec.stderr && send(2, d));
  child.stdin.on('error', () => {}); // EPIPE when the command ignores its input
  if (!spec.stdin) child.stdin.end();
  ws.on('message', (data: Buffer) => {
    if (data[0] === 0) child.stdin.write(data.subarray(1));
    if (data[0] === 255 && v5 && data[1] === 0) child.stdin.end();
  });
  ws.on('close', () => {
    if (!finished && child.pid) killGroup(child.pid);
    finished = true;
  });
  child.on('error', (error) => finish(internalErrorStatus(spec.argv, error)));
  child.on('close', (code, signal) => finish(exitStatus(spec.argv, code ?? 128 + (signal ? constants.signals[signal] : 0))));
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** client-go errorDecoderV4 reads the exit code from details.causes[reason=ExitCode].message. */
function exitStatus(argv: string[], code: number): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: command '${argv.join(' ')}' exited with ${code}`,
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

function internalErrorStatus(argv: string[], error: Error): Record<string, unknown> {
  const text = `error executing command in container: failed to exec in container: exec: "${argv[0]}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'executable file not found in $PATH' : error.message}`;
  return { metadata: {}, status: 'Failure', message: `Internal error occurred: ${text}`, reason: 'InternalError', details: { causes: [{ message: text }] }, code: 500 };
}
