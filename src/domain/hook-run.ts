/**
 * One hook × one container × one phase of an action (seed-apis.md §5.2 HookRun; H9), or one explicit
 * "no containers matched" outcome of a hook. Hook runs hang off a deploy record (`recordId`) or a protection
 * operation such as an appSnap (`operationId`); they copy what they ran (hook name, arguments, container), so the
 * history survives edits and deletes of the hook.
 *
 * States: `running` while the exec is open; `succeeded` (exit 0); `failed` (non-zero exit, a stream or API error,
 * or a container that could not be reached — `exitCode` null then); `timedOut` (Capstan stopped waiting; the
 * process may still be running in the container, K22; `returnCode` "N/A" as Astra reports it); `skipped` (the hook
 * applied but no container matched its criteria — not a failure, Astra §4.3.4).
 */
import type { FailureMode, HookStage, HookType } from './execution-hook.ts';

export const HookRunState = {
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  timedOut: 'timedOut',
  skipped: 'skipped',
} as const;
export type HookRunState = (typeof HookRunState)[keyof typeof HookRunState];
export const HOOK_RUN_STATES: readonly HookRunState[] = Object.values(HookRunState);

/** Bytes kept from the end of stdout and of stderr of each run. */
export const HOOK_OUTPUT_TAIL_BYTES = 8 * 1024;

export const NO_CONTAINERS_MATCHED = 'no containers matched';

export interface HookRun {
  readonly id: string;
  readonly accountId: string;
  readonly recordId: string | null;
  readonly operationId: string | null;
  /** Order within the record or operation (1, 2, …), assigned by the store. */
  readonly seq: number;
  readonly executionHookId: string;
  readonly hookName: string;
  readonly hookType: HookType;
  readonly applicationId: string;
  readonly action: string;
  readonly stage: HookStage;
  readonly failureMode: FailureMode;
  readonly arguments: readonly string[];
  /** Null for a `skipped` run (no container). */
  readonly namespace: string | null;
  readonly podName: string | null;
  readonly containerName: string | null;
  readonly containerImage: string | null;
  readonly state: HookRunState;
  readonly exitCode: number | null;
  /** Why it failed, timed out or was skipped, in a sentence; null on success. */
  readonly message: string | null;
  readonly stdoutTail: string;
  readonly stderrTail: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly durationMs: number | null;
  readonly createdAt: number;
}

export function isFailedRun(run: Pick<HookRun, 'state'>): boolean {
  return run.state === 'failed' || run.state === 'timedOut';
}

/** Astra's `returnCode`: the exit code as text, "N/A" when there is none (timeout, no exit status). */
export function returnCodeOf(run: Pick<HookRun, 'exitCode'>): string {
  return run.exitCode === null ? 'N/A' : String(run.exitCode);
}
