/**
 * The seam between the deploy-record runner and the execution-hook runner (Astra family). The record runner calls
 * it with stage `pre` before the first write of a record and with `post` after the last rollout; the application
 * snapshot operation calls it around its VolumeSnapshots. Implemented by src/app/hooks/.
 */
export interface HookPhaseRequest {
  readonly accountId: string;
  /** Exactly one of recordId / operationId names what the hook runs are attached to. */
  readonly recordId: string | null;
  readonly operationId: string | null;
  /** `snapshot`/`backup`/`restore`/`failover` (Astra) or a DeployHookAction (`redeploy`, `update-image`, …). */
  readonly action: string;
  readonly stage: 'pre' | 'post';
  /** Applications whose hooks apply; containers are then matched by each hook's criteria. */
  readonly applicationIds: readonly string[];
  readonly signal: AbortSignal;
}

export interface HookPhaseOutcome {
  /** Hook runs recorded (one per hook × matching container, plus explicit "no containers matched" runs). */
  readonly runs: number;
  readonly failed: number;
  /** Set when a hook in hard-failure mode failed: the caller must not go on with the action. */
  readonly hardFailure: string | null;
}

export type HookPhaseRunner = (request: HookPhaseRequest) => Promise<HookPhaseOutcome>;
