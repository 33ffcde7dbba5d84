import { PassThrough } from 'node:stream';
import { Exec, type V1Pod } from '@kubernetes/client-node';
import { AppError } from '../../domain/errors.ts';
import type { ExecRequest, ExecResult } from '../../app/ports/kube-gateway.ts';
import type { KubeApi } from './kube-api.ts';
import { readPod } from './pods.ts';
import { containerNotFound } from './set-image.ts';
import { TailSink } from './tail-sink.ts';
import { asArray, at, isRecord, str } from './unstructured.ts';

const V5_PROTOCOL = 'v5.channel.k8s.io';
const DEFAULT_TAIL_BYTES = 64 * 1024;

type Verdict = Pick<ExecResult, 'outcome' | 'exitCode' | 'message'>;
type WebSocket = Awaited<ReturnType<Exec['exec']>>;

/**
 * Runs argv in a container over the pods/exec WebSocket (K20–K23, H1, H5, H9). Throws only for what a caller must
 * fix before any command runs: empty argv (PARAM_INVALID), missing pod (RESOURCE_NOT_FOUND), unknown container
 * (CONTAINER_NOT_FOUND), RBAC or an unreachable API (KUBE_FORBIDDEN, KUBE_UNAVAILABLE). Everything after the
 * command was sent is an outcome: `exited` with the exit code from the channel-3 status, `timed_out` at our own
 * deadline (the process may keep running in the container, K22), or `error` (stream or API failure, a socket that
 * closed without a status, stdin without v5).
 */
export async function execInPod(api: KubeApi, request: ExecRequest): Promise<ExecResult> {
  if (request.argv.length === 0) throw new AppError('PARAM_INVALID', 'An exec needs at least one argv element.');
  const pod = await readPod(api, request.namespace, request.pod);
  if (!execTargets(pod).includes(request.container)) {
    const ref = { kind: 'Pod', namespace: request.namespace, name: request.pod };
    throw containerNotFound(ref, request.container, execTargets(pod).map((name) => ({ name, image: '', init: false })));
  }
  return runExec(new Exec(api.kc), request);
}

/** App containers plus restartable (sidecar) init containers: the ones that can be running. */
function execTargets(pod: V1Pod): string[] {
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name);
  return [...sidecars, ...(pod.spec?.containers ?? []).map((c) => c.name)];
}

function runExec(exec: Exec, request: ExecRequest): Promise<ExecResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const stdout = new TailSink(request.tailBytes ?? DEFAULT_TAIL_BYTES);
    const stderr = new TailSink(request.tailBytes ?? DEFAULT_TAIL_BYTES);
    const stdin = request.stdin === undefined ? null : new PassThrough();
    let socket: WebSocket | undefined;
    let settled = false;

    const finish = (verdict: Verdict): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (verdict.outcome !== 'exited') socket?.terminate();
      // Frames that arrived before the status are written synchronously; one turn lets any buffered write land.
      setImmediate(() => resolve({
        ...verdict,
        stdoutTail: stdout.text(),
        stderrTail: stderr.text(),
        durationMs: Math.round(performance.now() - started),
      }));
    };
    const timer = setTimeout(() => finish(timedOut(request.timeoutMs)), request.timeoutMs);

    exec
      .exec(request.namespace, request.pod, request.container, [...request.argv], stdout, stderr, stdin, false, (status) =>
        finish(verdictOf(status)),
      )
      .then(
        (ws) => {
          socket = ws;
          if (settled) return void ws.terminate();
          ws.on('close', () => finish(error('the connection closed before the exit status arrived; the outcome is unknown')));
          if (stdin !== null) sendStdin(ws, stdin, request.stdin ?? '', finish);
        },
        (failure: unknown) => finish(error(`the exec connection failed: ${describe(failure)}`)),
      );
  });
}

/** K21: only v5 can half-close stdin; on older protocols client-node would close the whole socket at stdin's end. */
function sendStdin(ws: WebSocket, stdin: PassThrough, data: string, finish: (verdict: Verdict) => void): void {
  if (ws.protocol === V5_PROTOCOL) {
    stdin.end(data);
    return;
  }
  finish(error(`stdin needs the ${V5_PROTOCOL} protocol, the API server offered "${ws.protocol}"; pass the input in argv`));
}

/** K20/H9: exit code 0 on Success, else from `details.causes[reason=ExitCode]` parsed as uint8 like client-go. */
export function verdictOf(status: unknown): Verdict {
  if (at(status, 'status') === 'Success') return { outcome: 'exited', exitCode: 0, message: null };
  const cause = asArray(at(status, 'details', 'causes')).find((c) => isRecord(c) && c['reason'] === 'ExitCode');
  const text = str(at(cause, 'message')) ?? '';
  const code = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (code >= 0 && code <= 255) return { outcome: 'exited', exitCode: code, message: null };
  return error(str(at(status, 'message')) ?? 'the command failed without an exit code');
}

function timedOut(timeoutMs: number): Verdict {
  return {
    outcome: 'timed_out',
    exitCode: null,
    message: `timed out after ${timeoutMs} ms; the command may still be running in the container`,
  };
}

function error(message: string): Verdict {
  return { outcome: 'error', exitCode: null, message };
}

function describe(failure: unknown): string {
  if (failure instanceof Error) return failure.message;
  return str(at(failure, 'message')) ?? 'unknown error';
}
