/**
 * A deploy task (Huawei CodeArts Deploy "application", seed-apis.md §3 and §5.2 "DeployTask"): declared
 * parameters, ordered steps and a trigger rule. Each start writes a deploy record (domain/deploy-record.ts) whose
 * plan is this task's enabled steps, fixed at that moment: editing a task never changes a run in flight.
 *
 * Parameters are declared here and given values at start (domain/task-params.ts); steps are checked and turned
 * into a plan by domain/deploy-task-steps.ts. `encrypt` defaults are held only as secret-box ciphertext.
 */
import type { FieldError } from './errors.ts';
import type { WorkloadKind } from './workload.ts';

export const TaskState = { draft: 'Draft', available: 'Available' } as const;
export type TaskState = (typeof TaskState)[keyof typeof TaskState];
export const TASK_STATES: readonly TaskState[] = Object.values(TaskState);

export const ParamType = { text: 'text', enum: 'enum', encrypt: 'encrypt', hostGroup: 'host_group' } as const;
export type ParamType = (typeof ParamType)[keyof typeof ParamType];
export const PARAM_TYPES: readonly ParamType[] = Object.values(ParamType);

/** CodeArts `trigger_source`: "0" any caller may start the task, "1" only a pipeline (a `pipeline` token). */
export const TriggerSource = { any: '0', pipelineOnly: '1' } as const;
export type TriggerSource = (typeof TriggerSource)[keyof typeof TriggerSource];
export const TRIGGER_SOURCES: readonly TriggerSource[] = Object.values(TriggerSource);

export const ArtifactType = { generic: 'generic', docker: 'docker' } as const;
export type ArtifactType = (typeof ArtifactType)[keyof typeof ArtifactType];
export const ARTIFACT_TYPES: readonly ArtifactType[] = Object.values(ArtifactType);

/** A declared parameter (CodeArts ConfigInfoDo). */
export interface TaskParamDef {
  /** 1–128 characters of `[A-Za-z0-9._-]`; steps refer to it as `${name}`. */
  readonly name: string;
  readonly type: ParamType;
  /** Default value ('' = none); for `encrypt` always secret-box ciphertext, even of an empty default. */
  readonly value: string;
  readonly description: string;
  /** CodeArts `static_status: 1`: fixed in the task, refused at start. */
  readonly static: boolean;
  /** Allowed values of an `enum` parameter; empty for other types. */
  readonly limits: readonly string[];
}

export interface WorkloadTarget {
  /** A cluster id, or `${param}` naming a `host_group` parameter whose value is a cluster id. */
  readonly clusterId: string;
  readonly namespace: string;
  readonly kind: WorkloadKind;
  readonly workload: string;
}

export interface ApplicationTarget {
  /** An application id, or `${param}` naming a `host_group` parameter whose value is an application id. */
  readonly applicationId: string;
}

export type TaskTarget = WorkloadTarget | ApplicationTarget;

interface StepCommon {
  /** Shown in records and on the CodeArts surface; 1–128 characters. */
  readonly name: string;
  /** Disabled steps stay in the task but are left out of every run (CodeArts Step `enable`). */
  readonly enabled: boolean;
}

/** A step as the task declares it; `${param}` placeholders stay in image and manifest until the runner fills them. */
export type TaskStep =
  | (StepCommon & { readonly type: 'set-image'; readonly target: WorkloadTarget; readonly container: string; readonly image: string; readonly waitRollout: boolean })
  | (StepCommon & { readonly type: 'restart'; readonly target: TaskTarget; readonly waitRollout: boolean })
  | (StepCommon & { readonly type: 'wait-rollout'; readonly target: TaskTarget; readonly timeoutSeconds: number | null })
  | (StepCommon & { readonly type: 'apply'; readonly clusterId: string; readonly namespace: string; readonly manifest: string });

export type TaskStepType = TaskStep['type'];
export const TASK_STEP_TYPES: readonly TaskStepType[] = ['set-image', 'restart', 'wait-rollout', 'apply'];

export interface TriggerRule {
  readonly triggerSource: TriggerSource;
  /** Where a pipeline-only task's artifacts come from (CodeArts: `Artifact`); informational. */
  readonly artifactSourceSystem: string | null;
  readonly artifactType: ArtifactType | null;
}

export interface DeployTask {
  /** 32 lower-case hex characters (CodeArts `task_id`). */
  readonly id: string;
  readonly accountId: string;
  /** CodeArts project (32 characters); names are unique per project. */
  readonly projectId: string;
  readonly projectName: string;
  readonly name: string;
  readonly description: string;
  readonly state: TaskState;
  /** The task this one was created from (CodeArts CreateDeployTaskByTemplate), if any. */
  readonly templateId: string | null;
  readonly params: readonly TaskParamDef[];
  readonly steps: readonly TaskStep[];
  readonly triggerRule: TriggerRule;
  /** How long one run may take before it fails as timed out. */
  readonly timeoutSeconds: number;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export const TASK_ID_PATTERN = '^[A-Za-z0-9]{32}$';
export const DEFAULT_TASK_TIMEOUT_SECONDS = 30 * 60;
export const MAX_TASK_TIMEOUT_SECONDS = 24 * 60 * 60;
export const MAX_DESCRIPTION_LENGTH = 1024;
export const DEFAULT_PROJECT_NAME = 'default';
export const DEFAULT_TRIGGER_RULE: TriggerRule = { triggerSource: '0', artifactSourceSystem: null, artifactType: null };

/** CodeArts ids are 32 letters and digits: a UUID without dashes. */
export function hexId(uuid: string): string {
  return uuid.replaceAll('-', '').toLowerCase();
}

/** The project a caller gets when it names none: the account's own (its id as 32 hex characters). */
export function defaultProjectId(accountId: string): string {
  return hexId(accountId).padEnd(32, '0').slice(0, 32);
}

// CodeArts application names: 3–128 Chinese characters, letters, digits, `-` and `_` (H7, H9).
const TASK_NAME = /^[\p{Script=Han}A-Za-z0-9_-]{3,128}$/u;

export function checkTaskName(name: string, pointer: string): FieldError | null {
  return TASK_NAME.test(name) ? null : { pointer, detail: 'must be 3–128 Chinese characters, letters, digits, "-" or "_"' };
}

export function checkDescription(description: string, pointer: string): FieldError | null {
  return description.length <= MAX_DESCRIPTION_LENGTH ? null : { pointer, detail: `must be at most ${MAX_DESCRIPTION_LENGTH} characters` };
}

export function isApplicationTarget(target: TaskTarget): target is ApplicationTarget {
  return 'applicationId' in target;
}
