/**
 * Store ports of the execution-hook family (migration 0007): hook sources, execution hooks and their per-account
 * switch, NetApp-hook overrides, protection operations (appSnaps) and hook runs. Part of StoreRepos (store.ts).
 */
import type { ExecutionHook, ExecutionHookOverride, HookStage } from '../../domain/execution-hook.ts';
import type { HookRun, HookRunState } from '../../domain/hook-run.ts';
import type { HookSource } from '../../domain/hook-source.ts';
import type { HookState, HookStateDetail, OperationState, ProtectionOperation, VolumeSnapshotRef } from '../../domain/protection-operation.ts';
import type { Page, PageQuery } from './store.ts';

export interface HookSourceRepo {
  /** Throws NAME_TAKEN (name used in the account) or ID_TAKEN. */
  insert(source: HookSource): Promise<void>;
  /** Throws RESOURCE_NOT_FOUND when it does not exist, NAME_TAKEN on a duplicate name. */
  update(source: HookSource): Promise<void>;
  get(accountId: string, id: string): Promise<HookSource | null>;
  /** Oldest first, keyset-paged. */
  list(accountId: string, page: PageQuery): Promise<Page<HookSource>>;
  /** False when it did not exist; RESOURCE_IN_USE when an execution hook still references it. */
  delete(accountId: string, id: string): Promise<boolean>;
}

export interface ExecutionHookListQuery extends PageQuery {
  readonly applicationId?: string;
}

export interface ExecutionHookRepo {
  /** Throws NAME_TAKEN, ID_TAKEN, or RESOURCE_NOT_FOUND when its hook source or application does not exist. */
  insert(hook: ExecutionHook): Promise<void>;
  /** Throws RESOURCE_NOT_FOUND when the hook does not exist, NAME_TAKEN on a duplicate name. */
  update(hook: ExecutionHook): Promise<void>;
  get(accountId: string, id: string): Promise<ExecutionHook | null>;
  /** Oldest first, keyset-paged; with `applicationId`, that application's custom hooks only. */
  list(accountId: string, query: ExecutionHookListQuery): Promise<Page<ExecutionHook>>;
  delete(accountId: string, id: string): Promise<boolean>;
  /** How many hooks run this source. */
  countBySource(accountId: string, hookSourceId: string): Promise<number>;
  /** Custom hooks of the application and every NetApp-provided hook of the account for one action phase. */
  forPhase(accountId: string, applicationId: string, action: string, stage: HookStage): Promise<ExecutionHook[]>;
  /** The per-account switch of the feature (Astra feature settings; problems/168). True when never set. */
  featureEnabled(accountId: string): Promise<boolean>;
  setFeatureEnabled(accountId: string, enabled: boolean, at: number): Promise<void>;
}

export interface HookOverrideRepo {
  /** Throws NAME_TAKEN when the application already has an override for that hook. */
  insert(override: ExecutionHookOverride): Promise<void>;
  /** Throws RESOURCE_NOT_FOUND when it does not exist. */
  update(override: ExecutionHookOverride): Promise<void>;
  get(accountId: string, applicationId: string, id: string): Promise<ExecutionHookOverride | null>;
  list(accountId: string, applicationId: string, page: PageQuery): Promise<Page<ExecutionHookOverride>>;
  /** Every override of the application (they are few: one per NetApp-provided hook at most). */
  forApplication(accountId: string, applicationId: string): Promise<ExecutionHookOverride[]>;
  delete(accountId: string, applicationId: string, id: string): Promise<boolean>;
}

export interface OperationChange {
  readonly state?: OperationState;
  readonly stateUnready?: readonly string[];
  readonly hookState?: HookState | null;
  readonly hookStateDetails?: readonly HookStateDetail[];
  readonly volumeSnapshots?: readonly VolumeSnapshotRef[];
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly snapshotAt?: number;
  readonly updatedAt: number;
}

export interface ProtectionOperationRepo {
  /**
   * Throws NAME_TAKEN when the application already has an operation of that name. `jobId` names the job that runs
   * the operation; the orphan sweep follows it.
   */
  insert(operation: ProtectionOperation, jobId?: string | null): Promise<void>;
  get(accountId: string, id: string): Promise<ProtectionOperation | null>;
  /** Oldest first, keyset-paged. */
  list(accountId: string, query: PageQuery & { readonly applicationId?: string }): Promise<Page<ProtectionOperation>>;
  /** Returns false, writing nothing, when the stored state is not one of `expect` (when given). */
  update(accountId: string, id: string, change: OperationChange, expect?: readonly OperationState[]): Promise<boolean>;
  /**
   * Pending or running operations (any account), oldest first, whose job is no longer queued or running, or no
   * longer exists: nothing will ever run them again (e.g. the reaper failed the job after its last lease expired).
   */
  orphaned(limit: number): Promise<ProtectionOperation[]>;
  /** How many operations (all accounts) are pending or running. */
  countActive(): Promise<number>;
}

export interface HookRunOwner {
  readonly recordId?: string;
  readonly operationId?: string;
}

export interface HookRunFinish {
  readonly state: HookRunState;
  readonly exitCode: number | null;
  readonly message: string | null;
  readonly stdoutTail: string;
  readonly stderrTail: string;
  readonly finishedAt: number;
  readonly durationMs: number | null;
}

export interface HookRunRepo {
  /** Stores a run and gives it the next `seq` of its record or operation; returns it as stored. */
  insert(run: Omit<HookRun, 'seq'>): Promise<HookRun>;
  finish(accountId: string, id: string, finish: HookRunFinish): Promise<void>;
  get(accountId: string, id: string): Promise<HookRun | null>;
  /** The runs of one record or operation in the order they ran, paged by `seq`. */
  listFor(accountId: string, owner: HookRunOwner, page: PageQuery): Promise<Page<HookRun>>;
  /** Every run of one record or operation, in order (bounded by what one action runs). */
  allFor(accountId: string, owner: HookRunOwner): Promise<HookRun[]>;
}
