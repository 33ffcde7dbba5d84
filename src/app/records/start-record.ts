import {
  jobNameFor,
  newRecordId,
  type DeployHookAction,
  type DeployRecord,
  type DeployStep,
  type RecordOrigin,
  type RecordParam,
  type RecordType,
} from '../../domain/deploy-record.ts';
import { AppError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { StoreRepos } from '../ports/store.ts';
import { armRecordSweepIn } from './record-sweep.ts';

/** Job kind that runs a deploy record's plan (src/app/records/run-deploy-record.ts). */
export const DEPLOY_RUN_JOB = 'deploy.run';

export interface DeployRunPayload {
  readonly recordId: string;
}

export interface NewRecord {
  readonly accountId: string;
  readonly type: RecordType;
  readonly origin: RecordOrigin;
  readonly hookAction: DeployHookAction;
  readonly plan: readonly DeployStep[];
  readonly params?: readonly RecordParam[];
  readonly taskId?: string | null;
  readonly triggerId?: string | null;
  readonly rollbackOfRecordId?: string | null;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  /** How long the whole record may take before it fails as timed out. */
  readonly timeoutMs: number;
  /** One running record per key across replicas: `workloadSerialKey(...)`, `task/<id>`, `application/<id>`. */
  readonly serialKey: string;
  /** Idempotency: a second start with this key returns the first record (`created: false`). */
  readonly dedupeKey?: string | null;
  // No coalesce key: the queue's coalescing replaces a queued job's payload (latest wins), which would point the
  // job at a record never inserted. Families that coalesce (ACK) do it on their own row (invoke-trigger.ts).
}

export interface StartedRecord {
  readonly record: DeployRecord;
  /** False when the dedupe key returned an existing record. */
  readonly created: boolean;
}

const MAX_ATTEMPTS = 5;

/**
 * Writes a deploy record and the job that runs it, inside the caller's transaction (DESIGN.md execution model 1):
 * once the transaction commits, the change happens even if this process dies right after answering.
 */
export async function startRecord(deps: Pick<AppDeps, 'clock' | 'ids'>, tx: StoreRepos, input: NewRecord): Promise<StartedRecord> {
  const id = newRecordId(deps.ids.newOrderedId());
  const { job, created } = await tx.jobs.enqueue({
    accountId: input.accountId,
    kind: DEPLOY_RUN_JOB,
    payload: { recordId: id } satisfies DeployRunPayload,
    serialKey: input.serialKey,
    dedupeKey: input.dedupeKey ?? null,
    maxAttempts: MAX_ATTEMPTS,
  });
  if (!created) {
    const existingId = (job.payload as DeployRunPayload).recordId;
    const existing = await tx.records.get(input.accountId, existingId);
    if (!existing) throw new AppError('INTERNAL', `Job ${job.id} names record ${existingId}, which does not exist.`);
    return { record: existing, created: false };
  }
  const now = deps.clock.now();
  const taskId = input.taskId ?? null;
  const record: DeployRecord = {
    id,
    accountId: input.accountId,
    type: input.type,
    origin: input.origin,
    state: 'queued',
    taskId,
    releaseId: taskId === null ? null : await tx.records.nextReleaseId(input.accountId, taskId),
    triggerId: input.triggerId ?? null,
    rollbackOfRecordId: input.rollbackOfRecordId ?? null,
    jobName: jobNameFor(input.type, id, now),
    hookAction: input.hookAction,
    params: input.params ?? [],
    plan: input.plan,
    steps: input.plan.map((step, index) => ({
      index,
      name: step.name,
      type: step.type,
      state: 'pending',
      startedAt: null,
      finishedAt: null,
      message: null,
      workloads: [],
    })),
    deadlineAt: now + input.timeoutMs,
    error: null,
    stopRequested: false,
    createdBy: input.createdBy,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    updatedAt: now,
  };
  await tx.records.insert(record, job.id);
  await armRecordSweepIn(tx, input.accountId);
  return { record, created: true };
}
