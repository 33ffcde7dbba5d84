import { notFound } from '../../domain/errors.ts';
import type { ProtectionOperation } from '../../domain/protection-operation.ts';
import type { AppDeps } from '../deps.ts';
import { armRecordSweepIn } from '../records/record-sweep.ts';

/** Job kind that takes an application snapshot (take-app-snapshot.ts). */
export const APP_SNAPSHOT_JOB = 'app-snapshot.run';

export interface AppSnapshotPayload {
  readonly accountId: string;
  readonly operationId: string;
}

export interface AppSnapshotInput {
  readonly accountId: string;
  readonly applicationId: string;
  /** DNS label; default `<application>-snapshot-<8 hex>`. */
  readonly name?: string | undefined;
  readonly schemaVersion: string;
  readonly createdBy: string | null;
}

/**
 * Accepts an application snapshot (Astra `POST …/apps/{app_id}/appSnaps`): the operation row and its job are
 * written in one transaction before the caller is answered (DESIGN.md execution model 1), state `pending`. The job
 * shares the application's serial key with application-wide deploys, so a snapshot never interleaves with a
 * restart of the same application. The operation names its job, and the transaction arms the orphan sweep
 * (`deploy.sweep`), which fails the operation should its job die without finishing it.
 */
export async function startAppSnapshot(deps: AppDeps, input: AppSnapshotInput): Promise<ProtectionOperation> {
  return deps.store.transaction(async (tx) => {
    const app = await tx.applications.get(input.accountId, input.applicationId);
    if (!app) throw notFound('APPLICATION_NOT_FOUND', 'Application', input.applicationId);
    const id = deps.ids.newId();
    const now = deps.clock.now();
    const operation: ProtectionOperation = {
      id, accountId: input.accountId, applicationId: app.id, action: 'snapshot',
      name: input.name ?? defaultName(app.name, id), state: 'pending', stateUnready: [], hookState: null,
      hookStateDetails: [], volumeSnapshots: [], schemaVersion: input.schemaVersion, createdBy: input.createdBy,
      createdAt: now, startedAt: null, finishedAt: null, snapshotAt: null, updatedAt: now,
    };
    const { job } = await tx.jobs.enqueue({
      accountId: input.accountId, kind: APP_SNAPSHOT_JOB, payload: { accountId: input.accountId, operationId: id } satisfies AppSnapshotPayload,
      serialKey: `application/${app.id}`, maxAttempts: 3,
    });
    await tx.protectionOperations.insert(operation, job.id);
    await armRecordSweepIn(tx, input.accountId);
    return operation;
  });
}

function defaultName(appName: string, id: string): string {
  return `${appName.slice(0, 40).replace(/-+$/, '')}-snapshot-${id.replaceAll('-', '').slice(0, 8)}`;
}
