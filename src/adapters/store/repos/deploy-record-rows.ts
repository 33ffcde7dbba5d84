import type { DeployRecord, RecordChange } from '../../../domain/deploy-record.ts';
import type { WorkloadKind } from '../../../domain/workload.ts';
import type { DeployRecordChangeRow, DeployRecordRow } from '../schema.ts';

/**
 * Row ↔ domain mapping of deploy records and their changes. JSON columns were written by these functions, so they
 * are parsed without re-validation; enum-like text columns are trusted for the same reason (check constraints
 * guard state and type).
 */

export function toRecordRow(record: DeployRecord, jobId: string | null): DeployRecordRow {
  return {
    id: record.id,
    account_id: record.accountId,
    type: record.type,
    origin: record.origin,
    state: record.state,
    task_id: record.taskId,
    release_id: record.releaseId,
    trigger_id: record.triggerId,
    rollback_of_record_id: record.rollbackOfRecordId,
    job_name: record.jobName,
    job_id: jobId,
    hook_action: record.hookAction,
    params: JSON.stringify(record.params),
    plan: JSON.stringify(record.plan),
    steps: JSON.stringify(record.steps),
    deadline_at: record.deadlineAt,
    error: record.error,
    stop_requested: record.stopRequested ? 1 : 0,
    created_by: record.createdBy === null ? null : JSON.stringify(record.createdBy),
    created_at: record.createdAt,
    started_at: record.startedAt,
    finished_at: record.finishedAt,
    updated_at: record.updatedAt,
  };
}

export function toRecord(row: DeployRecordRow): DeployRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    type: row.type as DeployRecord['type'],
    origin: row.origin as DeployRecord['origin'],
    state: row.state as DeployRecord['state'],
    taskId: row.task_id,
    releaseId: row.release_id === null ? null : Number(row.release_id),
    triggerId: row.trigger_id,
    rollbackOfRecordId: row.rollback_of_record_id,
    jobName: row.job_name,
    hookAction: row.hook_action as DeployRecord['hookAction'],
    params: JSON.parse(row.params),
    plan: JSON.parse(row.plan),
    steps: JSON.parse(row.steps),
    deadlineAt: Number(row.deadline_at),
    error: row.error,
    stopRequested: Number(row.stop_requested) === 1,
    createdBy: row.created_by === null ? null : JSON.parse(row.created_by),
    createdAt: Number(row.created_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    updatedAt: Number(row.updated_at),
  };
}

export function toChangeRow(change: RecordChange): DeployRecordChangeRow {
  return {
    record_id: change.recordId,
    step_index: change.stepIndex,
    cluster_id: change.clusterId,
    namespace: change.workload.namespace,
    kind: change.workload.kind,
    name: change.workload.name,
    before: JSON.stringify(change.before),
    after: JSON.stringify(change.after),
    at: change.at,
  };
}

export function toChange(row: DeployRecordChangeRow): RecordChange {
  return {
    recordId: row.record_id,
    stepIndex: Number(row.step_index),
    clusterId: row.cluster_id,
    workload: { namespace: row.namespace, kind: row.kind as WorkloadKind, name: row.name },
    before: JSON.parse(row.before),
    after: JSON.parse(row.after),
    at: Number(row.at),
  };
}
