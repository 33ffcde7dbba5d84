/**
 * The execution-hook runner: runs one phase (`pre` or `post`) of one action for some applications and records
 * every outcome as a HookRun (protocols-reliability.md §2.4, H1–H11; seed-apis.md §4.3). It implements the
 * HookPhaseRunner seam the deploy-record runner and the appSnap operation call.
 *
 * What runs: for each application, the hooks that apply (its custom hooks plus the NetApp-provided ones not
 * switched off for it, enabled, same action and stage) in a fixed order — by name, then id. Astra documents the
 * same-stage order as "neither guaranteed nor configurable"; Capstan's is deterministic but not a contract.
 * Each hook runs in every container of the application's Running pods that matches all of its criteria, one
 * container after the other (never two hooks in one pod at once, H7). A custom hook that matches nothing is recorded
 * as `skipped` ("no containers matched"), not as a failure (H4, Astra §4.3.4); a NetApp-provided hook that matches
 * nothing (the application runs no such database) records nothing.
 *
 * How a script runs (H1: argv, no implicit shell around the user's text): the exec command is
 * `/bin/sh -c <WRAPPER> capstan-hook <arguments…>` with the script on stdin. The wrapper writes stdin to a private
 * temp file (mktemp, mode 0600), runs it with the interpreter its `#!` line names (or /bin/sh without one) and the
 * hook's arguments as argv, removes the file and exits with the script's status. So a 96 KiB script never travels
 * in the URL, a `#!/bin/bash` script gets bash, and a noexec /tmp does not matter. It needs /bin/sh, cat and
 * mktemp in the container (busybox has them) and stdin over exec, i.e. the v5 channel protocol (Kubernetes ≥ 1.30);
 * otherwise the run fails with the reason. Arguments travel in the exec URL, which API-server audit logs record:
 * never put secrets in them (K23).
 *
 * Outcomes (H9): exit 0 → succeeded; another exit code → failed; no exit status (stream or API error) → failed;
 * past the hook's timeout (its `timeoutMs`, else the server default, Astra's 25 minutes) → timedOut, and the
 * process may still be running in the container (K22). Failures are soft: recorded, and the phase goes on. A hook
 * in hard mode that fails (or times out) sets `hardFailure`; the other hooks of the phase still run, so freeze and
 * thaw pairs stay balanced, and the caller decides what a hard failure stops.
 *
 * At least once (H10): a job retried after a crash runs its hooks again; hook scripts must be idempotent.
 */
import { compileCriteria, selectTargets, type ContainerTarget } from '../../domain/container-criteria.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { compareHooks, hookApplies, type ExecutionHook } from '../../domain/execution-hook.ts';
import { HOOK_OUTPUT_TAIL_BYTES, NO_CONTAINERS_MATCHED, type HookRun, type HookRunState } from '../../domain/hook-run.ts';
import { decodeScript } from '../../domain/hook-source.ts';
import type { Application } from '../../domain/application.ts';
import { connectCluster } from '../clusters/connect-cluster.ts';
import type { AppDeps } from '../deps.ts';
import type { HookRunFinish } from '../ports/hook-store.ts';
import type { ExecResult, KubeGateway } from '../ports/kube-gateway.ts';
import type { HookPhaseOutcome, HookPhaseRequest, HookPhaseRunner } from '../records/hook-phase.ts';
import { ensureBuiltinHooks } from './ensure-builtin-hooks.ts';
import { listContainerTargets } from './list-container-targets.ts';

export interface HookRunnerOptions {
  /** Timeout of a hook that sets none (CAPSTAN_HOOK_TIMEOUT_MS; Astra's 25 minutes by default). */
  readonly defaultTimeoutMs: number;
}

/** `sh -c` program that runs the script given on stdin with its own interpreter; see the file comment. */
export const HOOK_WRAPPER = [
  'umask 077',
  'f=$(mktemp 2>/dev/null) || f="${TMPDIR:-/tmp}/capstan-hook.$$"',
  'trap \'rm -f "$f"\' EXIT',
  'cat > "$f" || { echo "capstan: cannot write the hook script to $f" >&2; exit 125; }',
  'first=; IFS= read -r first < "$f" || :',
  'case "$first" in',
  '  "#!"*) interpreter=${first#??}; $interpreter "$f" "$@" ;;',
  '  *) /bin/sh "$f" "$@" ;;',
  'esac',
].join('\n');

export function hookArgv(args: readonly string[]): string[] {
  return ['/bin/sh', '-c', HOOK_WRAPPER, 'capstan-hook', ...args];
}

export function hookPhaseRunner(deps: AppDeps, options: HookRunnerOptions): HookPhaseRunner {
  return (request) => runHookPhase(deps, options, request);
}

interface Tally {
  runs: number;
  failed: number;
  readonly hard: string[];
}

export async function runHookPhase(deps: AppDeps, options: HookRunnerOptions, request: HookPhaseRequest): Promise<HookPhaseOutcome> {
  if ((request.recordId === null) === (request.operationId === null)) {
    throw new AppError('INTERNAL', 'A hook phase runs for exactly one deploy record or one operation.');
  }
  const tally: Tally = { runs: 0, failed: 0, hard: [] };
  if (!(await deps.store.executionHooks.featureEnabled(request.accountId))) return outcome(tally);
  await ensureBuiltinHooks(deps, request.accountId);
  for (const applicationId of request.applicationIds) {
    if (request.signal.aborted) break;
    const app = await deps.store.applications.get(request.accountId, applicationId);
    if (app) await runForApplication(deps, options, request, app, tally);
  }
  return outcome(tally);
}

function outcome(tally: Tally): HookPhaseOutcome {
  return { runs: tally.runs, failed: tally.failed, hardFailure: tally.hard.length === 0 ? null : tally.hard.join('; ') };
}

async function runForApplication(deps: AppDeps, options: HookRunnerOptions, request: HookPhaseRequest, app: Application, tally: Tally): Promise<void> {
  const phase = { applicationId: app.id, action: request.action, stage: request.stage };
  const [candidates, overrides] = await Promise.all([
    deps.store.executionHooks.forPhase(request.accountId, app.id, request.action, request.stage),
    deps.store.hookOverrides.forApplication(request.accountId, app.id),
  ]);
  const hooks = candidates.filter((hook) => hookApplies(hook, phase, overrides)).sort(compareHooks);
  if (hooks.length === 0) return;

  let gateway: KubeGateway | null = null;
  let targets: ContainerTarget[] = [];
  let unreachable: string | null = null;
  try {
    gateway = (await connectCluster(deps, request.accountId, app.clusterId)).gateway;
    targets = await listContainerTargets(gateway, app);
  } catch (error) {
    if (!isAppError(error)) throw error;
    unreachable = `could not list the pods of application ${app.name}: ${error.detail}`;
  }

  for (const hook of hooks) {
    if (request.signal.aborted) return;
    const recorder = new RunRecorder(deps, request, app, hook, tally);
    if (gateway === null || unreachable !== null) {
      await recorder.outcomeWithoutContainer('failed', unreachable ?? 'the cluster could not be reached');
      continue;
    }
    const source = await deps.store.hookSources.get(request.accountId, hook.hookSourceId);
    if (!source) {
      await recorder.outcomeWithoutContainer('failed', `hook source ${hook.hookSourceId} no longer exists`);
      continue;
    }
    let matched: ContainerTarget[];
    try {
      matched = selectTargets(compileCriteria(hook.matchingCriteria), targets);
    } catch (error) {
      await recorder.outcomeWithoutContainer('failed', isAppError(error) ? error.detail : 'its matching criteria do not compile');
      continue;
    }
    if (matched.length === 0) {
      // A NetApp-provided hook is there for every application and concerns only those running its database: no
      // match is its normal case, not worth a run on every action. A custom hook was written for this application.
      if (hook.hookType === 'custom') await recorder.outcomeWithoutContainer('skipped', NO_CONTAINERS_MATCHED);
      continue;
    }
    const script = decodeScript(source.source);
    const timeoutMs = hook.timeoutMs ?? options.defaultTimeoutMs;
    for (const target of matched) {
      if (request.signal.aborted) return;
      await recorder.exec(gateway, target, script, timeoutMs);
    }
  }
}

/** Writes the runs of one hook: a `running` row before each exec (visible while it runs), then its outcome. */
class RunRecorder {
  readonly #deps: AppDeps;
  readonly #request: HookPhaseRequest;
  readonly #app: Application;
  readonly #hook: ExecutionHook;
  readonly #tally: Tally;

  constructor(deps: AppDeps, request: HookPhaseRequest, app: Application, hook: ExecutionHook, tally: Tally) {
    this.#deps = deps;
    this.#request = request;
    this.#app = app;
    this.#hook = hook;
    this.#tally = tally;
  }

  async outcomeWithoutContainer(state: 'failed' | 'skipped', message: string): Promise<void> {
    const now = this.#deps.clock.now();
    const run = await this.#insert(null, now);
    await this.#finish(run, { state, exitCode: null, message, stdoutTail: '', stderrTail: '', finishedAt: now, durationMs: 0 });
  }

  async exec(gateway: KubeGateway, target: ContainerTarget, script: string, timeoutMs: number): Promise<void> {
    const run = await this.#insert(target, this.#deps.clock.now());
    let finish: HookRunFinish;
    try {
      const result = await gateway.exec({
        namespace: target.namespace, pod: target.podName, container: target.containerName,
        argv: hookArgv(this.#hook.arguments), stdin: script, timeoutMs, tailBytes: HOOK_OUTPUT_TAIL_BYTES,
      });
      finish = finishOf(result, this.#deps.clock.now());
    } catch (error) {
      // Refused before the command ran: the pod or container went away, RBAC, the API is unreachable.
      if (!isAppError(error)) throw error;
      finish = { state: 'failed', exitCode: null, message: error.detail, stdoutTail: '', stderrTail: '', finishedAt: this.#deps.clock.now(), durationMs: null };
    }
    await this.#finish(run, finish);
  }

  #insert(target: ContainerTarget | null, at: number): Promise<HookRun> {
    const hook = this.#hook;
    return this.#deps.store.hookRuns.insert({
      id: this.#deps.ids.newId(),
      accountId: this.#request.accountId,
      recordId: this.#request.recordId,
      operationId: this.#request.operationId,
      executionHookId: hook.id,
      hookName: hook.name,
      hookType: hook.hookType,
      applicationId: this.#app.id,
      action: this.#request.action,
      stage: this.#request.stage,
      failureMode: hook.failureMode,
      arguments: hook.arguments,
      namespace: target?.namespace ?? null,
      podName: target?.podName ?? null,
      containerName: target?.containerName ?? null,
      containerImage: target?.containerImage ?? null,
      state: 'running',
      exitCode: null,
      message: null,
      stdoutTail: '',
      stderrTail: '',
      startedAt: at,
      finishedAt: null,
      durationMs: null,
      createdAt: at,
    });
  }

  async #finish(run: HookRun, finish: HookRunFinish): Promise<void> {
    await this.#deps.store.hookRuns.finish(run.accountId, run.id, finish);
    this.#tally.runs++;
    if (finish.state !== 'failed' && finish.state !== 'timedOut') return;
    this.#tally.failed++;
    if (this.#hook.failureMode === 'hard') {
      const where = run.podName === null ? '' : ` in ${run.namespace}/${run.podName}/${run.containerName}`;
      this.#tally.hard.push(`hook "${this.#hook.name}" ${finish.state === 'timedOut' ? 'timed out' : 'failed'}${where}: ${finish.message ?? 'no reason given'}`);
    }
  }
}

function finishOf(result: ExecResult, now: number): HookRunFinish {
  const common = { stdoutTail: result.stdoutTail, stderrTail: result.stderrTail, finishedAt: now, durationMs: result.durationMs };
  const state: HookRunState =
    result.outcome === 'timed_out' ? 'timedOut'
    : result.outcome === 'exited' && result.exitCode === 0 ? 'succeeded'
    : 'failed';
  const message =
    state === 'succeeded' ? null
    : result.outcome === 'exited' ? `exited with code ${result.exitCode ?? '?'}`
    : result.message ?? 'the command ended without an exit status';
  return { ...common, state, exitCode: result.outcome === 'exited' ? result.exitCode : null, message };
}
