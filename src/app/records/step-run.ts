import type { DeployRecord, RecordChange, StepState } from '../../domain/deploy-record.ts';
import type { WorkloadRef } from '../../domain/workload.ts';
import type { AppDeps } from '../deps.ts';
import type { ClusterGateways } from './cluster-gateways.ts';
import type { RecordProgress } from './record-progress.ts';

/** What one step of a running record works with (built by run-deploy-record.ts). */
export interface StepRun {
  readonly deps: AppDeps;
  readonly record: DeployRecord;
  readonly index: number;
  /** `${record.id}-${index}`: stamped on every write of this step (Q5/Q6). */
  readonly deployId: string;
  readonly progress: RecordProgress;
  readonly gateways: ClusterGateways;
  /** Changes this record stored before (an earlier attempt): a workload with one is not written again. */
  readonly changes: readonly RecordChange[];
  /** Aborted when the lease is lost, the worker stops, or a stop of the record was asked for. */
  readonly signal: AbortSignal;
  /** True once a stop of the record was asked for while the step ran. */
  stopRequested(): boolean;
  /** Renews the lease before a write; throws RunInterrupted when it is gone (Q4). */
  beforeWrite(): Promise<void>;
  /** The record's params by key, `encrypt` ones opened (only when a step needs them). */
  paramValues(): ReadonlyMap<string, string>;
}

export interface StepOutcome {
  readonly state: Extract<StepState, 'succeeded' | 'failed' | 'stopped'>;
  readonly message: string;
}

/** One workload a step acts on. `containers` is known when it came from a listing (application targets). */
export interface TargetWorkload {
  readonly clusterId: string;
  readonly ref: WorkloadRef;
  readonly containers?: readonly { readonly name: string }[];
}

/**
 * This attempt cannot go on (lease lost, worker stopping): write nothing more and let the job run again, on this
 * replica or another; the next attempt resumes from what the record says.
 */
export class RunInterrupted extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RunInterrupted';
  }
}

export function describeWorkload(w: { readonly ref: WorkloadRef }): string {
  return `${w.ref.kind} ${w.ref.namespace}/${w.ref.name}`;
}

export function sameWorkload(a: { clusterId: string; workload: WorkloadRef }, clusterId: string, ref: WorkloadRef): boolean {
  return a.clusterId === clusterId && a.workload.namespace === ref.namespace && a.workload.kind === ref.kind && a.workload.name === ref.name;
}

/** The record is no longer running (another actor finished it): this attempt ends without writing more. */
export class RecordNotRunning extends Error {
  constructor(state: string | undefined) {
    super(`the record is ${state ?? 'gone'}`);
    this.name = 'RecordNotRunning';
  }
}
