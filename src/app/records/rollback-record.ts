import {
  FINAL_RECORD_STATES,
  workloadSerialKey,
  type DeployStep,
  type RecordChange,
  type RecordOrigin,
  type RecordParam,
} from '../../domain/deploy-record.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import type { QuarantineEntry } from '../../domain/image-quarantine.ts';
import type { AppDeps } from '../deps.ts';
import { quarantineUndoneFirings } from '../image-triggers/quarantine-undone-firings.ts';
import { startRecord, type StartedRecord } from './start-record.ts';

export interface RollbackRecordInput {
  readonly accountId: string;
  /** The record whose outcome to go back to. */
  readonly recordId: string;
  /** When set, the record must belong to this task, else RECORD_NOT_FOUND (CodeArts `record_id`). */
  readonly taskId?: string;
  /** Default `api`. */
  readonly origin?: RecordOrigin;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  /** Default: as long as the rolled-back record was given. */
  readonly timeoutMs?: number;
  /** Shown on the new record; default: the rolled-back record's params (encrypted values stay sealed). */
  readonly params?: readonly RecordParam[];
  /** Idempotency key of the request that asked for the rollback. */
  readonly dedupeKey?: string | null;
  /**
   * Quarantine the images this rollback takes away from image triggers (default true; see
   * image-triggers/quarantine-undone-firings.ts). No effect when it undoes no image-trigger firing.
   */
  readonly quarantine?: boolean;
}

export interface StartedRollback extends StartedRecord {
  /** The quarantine entries written with the rollback; empty when none (or `created` is false). */
  readonly quarantined: readonly QuarantineEntry[];
}

/**
 * Starts a rollback to a record (K12, K14): a NEW record of type `rollback` (same task, if any) whose plan
 * restores, for every workload the record changed, the pod template that record left behind (its last `after`
 * per workload), through `restoreTemplate` with the read resourceVersion (409 → fresh read). It is not a re-run of
 * the record's steps with today's inputs, so it works after ReplicaSets were pruned and for any kind of change.
 *
 * RECORD_NOT_FOUND for an unknown record (or one of another task when `taskId` is given); DEPLOY_IN_PROGRESS while
 * the record itself is still queued or running, or when its task has a run in progress; RECORD_NOT_ROLLBACKABLE
 * when it changed no workload (it failed or stopped before its first write).
 *
 * In the same transaction, images that image triggers deployed to those workloads after the record, and that the
 * rollback therefore takes away, are quarantined for their triggers unless `quarantine` is false, so the next
 * delivery or poll of the same push does not put them back (docs/adr/0009-rollback-quarantine.md).
 */
export async function rollbackRecord(deps: Pick<AppDeps, 'store' | 'clock' | 'ids'>, input: RollbackRecordInput): Promise<StartedRollback> {
  const target = await deps.store.records.get(input.accountId, input.recordId);
  if (!target || (input.taskId !== undefined && target.taskId !== input.taskId)) {
    throw notFound('RECORD_NOT_FOUND', 'Deploy record', input.recordId);
  }
  if (!FINAL_RECORD_STATES.has(target.state)) {
    throw new AppError('DEPLOY_IN_PROGRESS', `Deploy record ${target.id} is still ${target.state}; stop it or let it finish before rolling back to it.`);
  }
  const changes = await deps.store.records.changes(target.id);
  const plan = restorePlan(changes);
  if (plan.length === 0) {
    throw new AppError('RECORD_NOT_ROLLBACKABLE', `Deploy record ${target.id} changed no workload (it ${target.state} before its first write); there is nothing to roll back to.`);
  }
  const first = plan[0] as Extract<DeployStep, { type: 'restore' }>;
  const serialKey = target.taskId !== null ? `task/${target.taskId}`
    : plan.length === 1 ? workloadSerialKey(first.clusterId, first.workload)
    : `record/${target.id}`;
  return deps.store.transaction(async (tx) => {
    const started = await startRecord(deps, tx, {
      accountId: input.accountId,
      type: 'rollback',
      origin: input.origin ?? 'api',
      hookAction: 'rollback',
      plan,
      params: input.params ?? target.params,
      taskId: target.taskId,
      triggerId: null,
      rollbackOfRecordId: target.id,
      createdBy: input.createdBy,
      timeoutMs: input.timeoutMs ?? Math.max(60_000, target.deadlineAt - target.createdAt),
      serialKey,
      dedupeKey: input.dedupeKey ?? null,
    });
    const quarantined = started.created && input.quarantine !== false
      ? await quarantineUndoneFirings(deps, tx, { target, targetChanges: changes, rollback: started.record })
      : [];
    return { ...started, quarantined };
  });
}

/** One restore step per workload, in the order the record first touched them, each with the last template it wrote. */
export function restorePlan(changes: readonly RecordChange[]): DeployStep[] {
  const last = new Map<string, RecordChange>();
  for (const change of changes) {
    const key = workloadSerialKey(change.clusterId, change.workload);
    last.set(key, change);
  }
  const order = [...new Set(changes.map((c) => workloadSerialKey(c.clusterId, c.workload)))];
  return order.map((key) => {
    const change = last.get(key) as RecordChange;
    const { namespace, kind, name } = change.workload;
    return { type: 'restore', name: `restore ${kind} ${namespace}/${name}`, clusterId: change.clusterId, workload: change.workload, template: change.after, waitRollout: true };
  });
}
