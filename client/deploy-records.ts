/**
 * Deploy records (/api/v1/deploy-records): every change Capstan makes to a cluster — a trigger call, an image
 * push, a task run, a rollback — with its plan's steps, per-workload rollout progress, and the hook runs around
 * it. Any finished record can be rolled back to; a queued or running one can be stopped.
 */
import type { RollbackOptions } from './image-trigger-quarantine.ts';
import { seg, type ApiTransport } from './transport.ts';
import type { Page, PageParams } from './types.ts';

export const RECORD_STATES = ['queued', 'running', 'succeeded', 'failed', 'stopped'] as const;
export type RecordState = (typeof RECORD_STATES)[number];
export const FINAL_RECORD_STATES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'stopped']);

export type RecordType = 'deploy' | 'rollback' | 'trigger';
export type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'stopped';

export interface WorkloadProgress {
  readonly clusterId: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly state: StepState;
  /** kubectl-style rollout message, or the failure reason. */
  readonly message: string | null;
  /** Something to know about the change, e.g. that Argo CD or Flux reconciles the workload and may revert it. */
  readonly warning?: string;
  readonly desired?: number;
  readonly updated?: number;
  readonly ready?: number;
}

export interface RecordStep {
  readonly index: number;
  readonly name: string;
  readonly type: string;
  readonly state: StepState;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly message: string | null;
  readonly workloads: readonly WorkloadProgress[];
}

export interface RecordParam {
  readonly key: string;
  readonly type: string;
  /** Encrypted parameters are masked. */
  readonly value: string;
}

export interface DeployRecord {
  readonly id: string;
  readonly type: RecordType;
  readonly origin: string;
  readonly state: RecordState;
  readonly taskId: string | null;
  readonly releaseId: number | null;
  readonly triggerId: string | null;
  readonly rollbackOfRecordId: string | null;
  readonly jobName: string;
  readonly hookAction: string;
  readonly params: readonly RecordParam[];
  readonly steps: readonly RecordStep[];
  readonly deadlineAt: string;
  readonly error: string | null;
  readonly stopRequested: boolean;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly updatedAt: string;
}

/** A step of the plan as fixed when the record was written (targets only; no manifests, no templates). */
export interface PlanStep {
  readonly type: string;
  readonly name: string;
  readonly clusterId?: string;
  readonly applicationId?: string;
  readonly namespace?: string;
  readonly kind?: string;
  readonly workload?: string;
  readonly container?: string;
  /** As planned, with ${param} placeholders unfilled. */
  readonly image?: string;
}

/** One workload write of the record, as image changes per container (full templates with `templates: true`). */
export interface RecordChange {
  readonly stepIndex: number;
  readonly clusterId: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly at: string;
  readonly containers: readonly { readonly name: string; readonly init: boolean; readonly before: string | null; readonly after: string | null }[];
  readonly before?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
}

export interface DeployRecordDetail extends DeployRecord {
  readonly plan: readonly PlanStep[];
  readonly changes: readonly RecordChange[];
}

export interface RecordListParams extends PageParams {
  readonly state?: RecordState;
  readonly type?: RecordType;
  readonly taskId?: string;
  readonly triggerId?: string;
}

export class DeployRecordsApi {
  readonly #http: ApiTransport;
  constructor(http: ApiTransport) {
    this.#http = http;
  }

  /** Newest first. */
  list(params: RecordListParams = {}): Promise<Page<DeployRecord>> {
    const { limit, cursor, state, type, taskId, triggerId } = params;
    return this.#http.request('GET', '/deploy-records', { query: { limit, cursor, state, type, taskId, triggerId } });
  }
  /** With its plan and changes; `templates` adds each change's full pod templates. */
  get(id: string, options: { templates?: boolean } = {}): Promise<DeployRecordDetail> {
    return this.#http.request('GET', `/deploy-records/${seg(id)}`, { query: { templates: options.templates ? true : undefined } });
  }
  /**
   * Starts a new record of type rollback that restores what this record left behind; resolves with it. Images image
   * triggers deployed since are quarantined for them unless `quarantine: false`.
   */
  rollback(id: string, options: RollbackOptions = {}): Promise<DeployRecord> {
    return this.#http.request('POST', `/deploy-records/${seg(id)}/rollback`, options.quarantine === undefined ? {} : { body: { quarantine: options.quarantine } });
  }
  /** Asks a queued or running record to stop between steps. */
  stop(id: string): Promise<DeployRecord> { return this.#http.request('POST', `/deploy-records/${seg(id)}/stop`); }
}

/** The parts of a record (or a trigger invocation) that progress is computed from. */
export interface ProgressSource {
  readonly state: string;
  readonly steps: readonly {
    readonly state: string;
    readonly workloads: readonly { readonly state: string; readonly desired?: number; readonly updated?: number }[];
  }[];
}

/** Share of the work done, 0–1: finished steps count whole, a running step by its workloads' updated replicas. */
export function recordProgress(record: ProgressSource): number {
  if (record.state === 'succeeded') return 1;
  if (record.steps.length === 0) return FINAL_RECORD_STATES.has(record.state) ? 1 : 0;
  let done = 0;
  for (const step of record.steps) {
    if (step.state === 'succeeded' || step.state === 'skipped') done += 1;
    else if (step.state === 'running') done += stepFraction(step.workloads);
  }
  return Math.min(1, done / record.steps.length);
}

function stepFraction(workloads: ProgressSource['steps'][number]['workloads']): number {
  const measured = workloads.filter((w) => typeof w.desired === 'number' && w.desired > 0);
  if (measured.length === 0) return 0;
  const sum = measured.reduce((acc, w) => acc + (w.state === 'succeeded' ? 1 : Math.min(1, (w.updated ?? 0) / (w.desired ?? 1))), 0);
  return (sum / measured.length) * 0.95; // a step is whole only once the rollout is confirmed
}
