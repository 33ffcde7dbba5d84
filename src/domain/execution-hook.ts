/**
 * Execution hooks (NetApp Astra `executionHook`, seed-apis.md §4.2, §5.2): a script (a HookSource) run inside the
 * containers of an application that match the hook's criteria, before (`pre`) or after (`post`) an action.
 *
 * Astra's actions are `snapshot`, `backup`, `restore` and `failover`. Capstan adds its deploy actions as
 * documented extensions — `redeploy` (ACK trigger URL, restart), `update-image` (image trigger), `deploy`
 * (CodeArts task run) and `rollback` — each with `pre` (before the first write) and `post` (after the rollout).
 * Capstan runs `snapshot` (appSnaps) and the deploy actions; `backup` and `restore` hooks are stored and previewed
 * but Capstan has no backup or restore operation to run them around, and `failover` needs a replicated
 * application, which Capstan does not have (problems/162).
 *
 * `hookType: netapp` hooks are NetApp-provided (execution-hook-builtins.ts): account-wide, read-only, applied to
 * every application whose containers match their image criteria unless an ExecutionHookOverride disables them for
 * that application.
 */
import type { MatchingCriterion } from './container-criteria.ts';
import { DeployHookAction } from './deploy-record.ts';

export const HookType = { custom: 'custom', netapp: 'netapp' } as const;
export type HookType = (typeof HookType)[keyof typeof HookType];

export const AstraHookAction = { snapshot: 'snapshot', backup: 'backup', restore: 'restore', failover: 'failover' } as const;
export type AstraHookAction = (typeof AstraHookAction)[keyof typeof AstraHookAction];

export type HookAction = AstraHookAction | DeployHookAction;
export const ASTRA_HOOK_ACTIONS: readonly AstraHookAction[] = Object.values(AstraHookAction);
export const DEPLOY_HOOK_ACTIONS: readonly DeployHookAction[] = Object.values(DeployHookAction);
export const HOOK_ACTIONS: readonly HookAction[] = [...ASTRA_HOOK_ACTIONS, ...DEPLOY_HOOK_ACTIONS];

export const HookStage = { pre: 'pre', post: 'post' } as const;
export type HookStage = (typeof HookStage)[keyof typeof HookStage];
export const HOOK_STAGES: readonly HookStage[] = Object.values(HookStage);

/**
 * Capstan extension. `soft` (default, Astra's only behaviour): a failure is recorded and the action goes on.
 * `hard`: a failure fails the action — a failed pre hook stops it before it changes anything, a failed post hook
 * marks it failed. Either way the other hooks of the same phase still run, so freeze/unfreeze pairs stay balanced.
 */
export const FailureMode = { soft: 'soft', hard: 'hard' } as const;
export type FailureMode = (typeof FailureMode)[keyof typeof FailureMode];
export const FAILURE_MODES: readonly FailureMode[] = Object.values(FailureMode);

/** Astra resource versions accepted on the wire; the last one written is stored and echoed. */
export const HOOK_SCHEMA_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;
export type HookSchemaVersion = (typeof HOOK_SCHEMA_VERSIONS)[number];

export const HOOK_LIMITS = {
  nameLength: 63,
  criteria: 10,
  arguments: 16,
  argumentLength: 127,
  descriptionLength: 511,
} as const;

/** Astra fails a hook that runs longer than 25 minutes (§4.3.8); Capstan's default, configurable per server and per hook. */
export const DEFAULT_HOOK_TIMEOUT_MS = 25 * 60 * 1000;
/** Bounds of the per-hook `timeoutSeconds` extension. */
export const HOOK_TIMEOUT_SECONDS = { min: 1, max: 24 * 60 * 60 } as const;

/** Astra metadata label (`{name, value}` pairs). */
export interface MetadataLabel {
  readonly name: string;
  readonly value: string;
}

export interface ExecutionHook {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly hookType: HookType;
  /** The application the hook belongs to; null for NetApp-provided hooks, which apply account-wide. */
  readonly applicationId: string | null;
  readonly action: HookAction;
  readonly stage: HookStage;
  readonly matchingCriteria: readonly MatchingCriterion[];
  readonly hookSourceId: string;
  readonly arguments: readonly string[];
  readonly enabled: boolean;
  readonly description: string;
  readonly failureMode: FailureMode;
  /** Per-hook timeout; null = the server default (CAPSTAN_HOOK_TIMEOUT_MS). */
  readonly timeoutMs: number | null;
  readonly schemaVersion: HookSchemaVersion;
  readonly labels: readonly MetadataLabel[];
  /** Token id of whoever created / last changed it (Astra `createdBy` / `modifiedBy`). */
  readonly createdBy: string | null;
  readonly modifiedBy: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Per-application switch of a NetApp-provided hook (Astra `executionHookOverride`). */
export interface ExecutionHookOverride {
  readonly id: string;
  readonly accountId: string;
  readonly applicationId: string;
  readonly executionHookId: string;
  readonly enabled: boolean;
  readonly labels: readonly MetadataLabel[];
  readonly createdBy: string | null;
  readonly modifiedBy: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Astra: snapshot and backup (and Capstan's deploy actions) take pre and post; restore and failover post only. */
export function stageAllowed(action: HookAction, stage: HookStage): boolean {
  return stage === 'post' || (action !== 'restore' && action !== 'failover');
}

export function isHookAction(value: string): value is HookAction {
  return (HOOK_ACTIONS as readonly string[]).includes(value);
}

/** The same-stage order Capstan runs hooks in: by name, then id. Astra documents no order; Capstan keeps this one. */
export function compareHooks(a: ExecutionHook, b: ExecutionHook): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Whether `hook` runs for one phase of an action on one application: its application (NetApp hooks: any), enabled,
 * the action and the stage; a NetApp hook also not switched off for the application by an override.
 * Container criteria are checked per container afterwards.
 */
export function hookApplies(
  hook: ExecutionHook,
  phase: { readonly applicationId: string; readonly action: string; readonly stage: HookStage },
  overrides: readonly ExecutionHookOverride[],
): boolean {
  if (!hook.enabled || hook.action !== phase.action || hook.stage !== phase.stage) return false;
  if (hook.hookType === 'custom') return hook.applicationId === phase.applicationId;
  const override = overrides.find((o) => o.executionHookId === hook.id && o.applicationId === phase.applicationId);
  return override?.enabled ?? true;
}
