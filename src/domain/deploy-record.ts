/**
 * A deploy record: one change Capstan makes to a cluster, whoever asked for it (an ACK trigger URL, an image push,
 * a CodeArts task start, a rollback). Every family writes one, so every change has the same history, the same
 * progress model, and can be rolled back the same way (DESIGN.md, "Beyond them").
 *
 * A record carries its plan (the ordered steps to run, fixed when the record is written) and the progress of each
 * step. The worker runs the plan; every workload write is stored as a RecordChange with the pod template before
 * and after, which is what a rollback restores.
 */
import type { WorkloadRef } from './workload.ts';

export const RecordType = { deploy: 'deploy', rollback: 'rollback', trigger: 'trigger' } as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

/** Who asked: the native API or a vendor surface (`api`), a pipeline token, a trigger URL, an image push. */
export const RecordOrigin = { api: 'api', pipeline: 'pipeline', triggerUrl: 'trigger-url', imagePush: 'image-push' } as const;
export type RecordOrigin = (typeof RecordOrigin)[keyof typeof RecordOrigin];

export const RecordState = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  stopped: 'stopped',
} as const;
export type RecordState = (typeof RecordState)[keyof typeof RecordState];
export const RECORD_STATES: readonly RecordState[] = Object.values(RecordState);
export const FINAL_RECORD_STATES: ReadonlySet<RecordState> = new Set(['succeeded', 'failed', 'stopped']);

/**
 * Hook actions a step runs hooks for (Astra's action vocabulary extended with Capstan's deploy actions). Steps
 * of one record share the record's hook action; pre hooks run before the first write, post hooks after the last
 * rollout.
 */
export const DeployHookAction = { redeploy: 'redeploy', updateImage: 'update-image', deploy: 'deploy', rollback: 'rollback' } as const;
export type DeployHookAction = (typeof DeployHookAction)[keyof typeof DeployHookAction];

/** Where a step acts: one workload of one cluster, or every Deployment/StatefulSet/DaemonSet an application selects. */
export type StepTarget =
  | { readonly clusterId: string; readonly workload: WorkloadRef }
  | { readonly applicationId: string };

/**
 * One step of a plan. Write steps (`restart`, `set-image`, `apply`, `restore`) capture the template before and
 * after; `waitRollout` (default true on restart/set-image/restore) follows the rollout to the record's deadline.
 * `apply` carries a manifest template whose `${name}` placeholders are filled from the record's params when the
 * step runs (so encrypted values are decrypted only in the worker, never stored in clear in the plan).
 */
export type DeployStep =
  | { readonly type: 'restart'; readonly name: string; readonly target: StepTarget; readonly waitRollout?: boolean }
  | {
      readonly type: 'set-image';
      readonly name: string;
      readonly target: StepTarget & { readonly clusterId: string };
      readonly container: string;
      /** May hold `${param}` placeholders, filled from the record's params at run time. */
      readonly image: string;
      readonly waitRollout?: boolean;
      /**
       * Write nothing (and succeed, saying why) when the new tag is a lower semantic version than the running one:
       * the no-downgrade guard of image triggers (downgrade-guard.ts). Absent: set the image whatever it was.
       */
      readonly unlessDowngrade?: boolean;
    }
  | {
      readonly type: 'apply';
      readonly name: string;
      readonly clusterId: string;
      /** Namespace of namespaced objects that name none; an object naming another namespace fails the step. */
      readonly namespace: string;
      /** YAML, one or more documents; `${param}` placeholders are filled inside string values only. */
      readonly manifest: string;
      /** Follow the rollout of every Deployment/StatefulSet/DaemonSet applied (default false). */
      readonly waitRollout?: boolean;
      /**
       * Server-side apply `force` (default true): a plan is the operator's intent, so fields other field managers
       * own (a `kubectl set image`, a GitOps controller) are taken over, as Argo CD and Flux do; false fails the
       * step with the conflicting fields instead (K18, K19).
       */
      readonly force?: boolean;
    }
  | { readonly type: 'wait-rollout'; readonly name: string; readonly target: StepTarget; readonly timeoutMs?: number }
  | {
      readonly type: 'restore';
      readonly name: string;
      readonly clusterId: string;
      readonly workload: WorkloadRef;
      /** The pod template to put back (a RecordChange's `after` of the record being rolled back to). */
      readonly template: Record<string, unknown>;
      readonly waitRollout?: boolean;
    };

export type DeployStepType = DeployStep['type'];

export const StepState = {
  pending: 'pending',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  stopped: 'stopped',
} as const;
export type StepState = (typeof StepState)[keyof typeof StepState];

/** Progress of one workload inside a step (an application restart touches several). */
export interface WorkloadProgress {
  readonly clusterId: string;
  readonly workload: WorkloadRef;
  readonly state: StepState;
  /** kubectl-style rollout message, or the failure reason. */
  readonly message: string | null;
  /** Something the operator should know about the change, e.g. that a GitOps tool will revert it (K19). */
  readonly warning?: string;
  readonly desired?: number;
  readonly updated?: number;
  readonly ready?: number;
}

export interface StepProgress {
  readonly index: number;
  readonly name: string;
  readonly type: DeployStepType;
  readonly state: StepState;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly message: string | null;
  readonly workloads: readonly WorkloadProgress[];
}

/** A parameter value as the record ran with it. `encrypt` values hold secret-box ciphertext, never clear text. */
export interface RecordParam {
  readonly key: string;
  readonly type: 'text' | 'enum' | 'encrypt' | 'host_group';
  readonly value: string;
}

export interface DeployRecord {
  /** 32 lower-case hex characters (CodeArts record id format), for every record. */
  readonly id: string;
  readonly accountId: string;
  readonly type: RecordType;
  readonly origin: RecordOrigin;
  readonly state: RecordState;
  /** Set for CodeArts task runs (and rollbacks of them). */
  readonly taskId: string | null;
  /** Per-task sequence (CodeArts `release_id`); null outside tasks. */
  readonly releaseId: number | null;
  /** Set when an ACK or image trigger made the record. */
  readonly triggerId: string | null;
  readonly rollbackOfRecordId: string | null;
  /** CodeArts `job_name`: letters, digits and `_`, 45–55 characters. */
  readonly jobName: string;
  readonly hookAction: DeployHookAction;
  readonly params: readonly RecordParam[];
  readonly plan: readonly DeployStep[];
  readonly steps: readonly StepProgress[];
  /** Epoch ms by which every rollout must be done; past it the record fails as timed out. */
  readonly deadlineAt: number;
  /** Why the record failed or stopped (a person-readable sentence naming the step), else null. */
  readonly error: string | null;
  /** A stop was asked for; the runner stops between steps and marks the record `stopped`. */
  readonly stopRequested: boolean;
  /** Token id and name of whoever started it; null for image pushes. */
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly updatedAt: number;
}

/** One workload write of a record: the template before and after, so any record can be rolled back to. */
export interface RecordChange {
  readonly recordId: string;
  readonly stepIndex: number;
  readonly clusterId: string;
  readonly workload: WorkloadRef;
  readonly before: Record<string, unknown>;
  readonly after: Record<string, unknown>;
  readonly at: number;
}

/** New record id: 32 hex characters. */
export function newRecordId(uuid: string): string {
  return uuid.replaceAll('-', '').toLowerCase();
}

/**
 * CodeArts-compatible job name, e.g. `capstan_deploy_20261123121600_0f3c9a1b2c4d5e6f7a8b` (45–55 chars of
 * `[A-Za-z0-9_]`): type, UTC start second, and the first 20 hex characters of the record id.
 */
export function jobNameFor(type: RecordType, recordId: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `capstan_${type}_${stamp}_${recordId.slice(0, 20)}`;
}

/** Serial key for work on one workload (one running job per workload across replicas, rule Q3). */
export function workloadSerialKey(clusterId: string, workload: WorkloadRef): string {
  return `workload/${clusterId}/${workload.namespace}/${workload.kind}/${workload.name}`;
}
