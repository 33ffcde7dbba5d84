import type { Application } from '../../domain/application.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import { defaultTriggerName, type Trigger, type TriggerAction, type TriggerType } from '../../domain/trigger.ts';
import { WorkloadKind } from '../../domain/workload.ts';
import { connectCluster } from '../clusters/connect-cluster.ts';
import type { AppDeps } from '../deps.ts';

export interface CreateTriggerInput {
  readonly accountId: string;
  readonly clusterId: string;
  readonly type: TriggerType;
  readonly action: TriggerAction;
  readonly namespace: string;
  /** Deployment name or application name. */
  readonly targetName: string;
  readonly name?: string | undefined;
  readonly requireSignature?: boolean | undefined;
  readonly rateLimitPerMinute?: number | null | undefined;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  /** Where the target was named in the request (`/body/project_id` on ACK), for field errors. */
  readonly targetPointer: string;
}

/**
 * Creates a trigger after checking that what it names exists: the cluster (CLUSTER_NOT_FOUND), and the Deployment
 * in the cluster (read through the gateway; WORKLOAD_NOT_FOUND) or the application of that namespace and name
 * (APPLICATION_NOT_FOUND) — so a typo is refused now rather than failing on the first call. The ACK id is taken
 * and the row written in one transaction.
 */
export async function createTrigger(deps: AppDeps, input: CreateTriggerInput): Promise<Trigger> {
  let applicationId: string | null = null;
  if (input.type === 'deployment') {
    const { gateway } = await connectCluster(deps, input.accountId, input.clusterId);
    const workload = { namespace: input.namespace, kind: WorkloadKind.Deployment, name: input.targetName };
    await gateway.captureTemplate(workload).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'WORKLOAD_NOT_FOUND') {
        const detail = `Deployment ${input.namespace}/${input.targetName} does not exist in cluster ${input.clusterId}.`;
        throw new AppError('WORKLOAD_NOT_FOUND', detail, { errors: [{ pointer: input.targetPointer, detail: 'names no Deployment of the cluster' }], cause: error });
      }
      throw error;
    });
  } else {
    if (!(await deps.store.clusters.get(input.accountId, input.clusterId))) throw notFound('CLUSTER_NOT_FOUND', 'Cluster', input.clusterId);
    const app = await findApplication(deps, input);
    if (!app) {
      const detail = `Cluster ${input.clusterId} has no application ${input.targetName} in namespace ${input.namespace}.`;
      throw new AppError('APPLICATION_NOT_FOUND', detail, { errors: [{ pointer: input.targetPointer, detail: 'names no application of the cluster' }] });
    }
    applicationId = app.id;
  }
  return deps.store.transaction(async (tx) => {
    const ackId = await tx.triggers.nextAckId(input.accountId);
    const now = deps.clock.now();
    const trigger: Trigger = {
      id: deps.ids.newId(),
      accountId: input.accountId,
      clusterId: input.clusterId,
      ackId,
      name: input.name ?? defaultTriggerName(input.targetName, input.action, ackId),
      type: input.type,
      namespace: input.namespace,
      targetName: input.targetName,
      applicationId,
      action: input.action,
      jti: deps.ids.newId().replaceAll('-', ''),
      requireSignature: input.requireSignature ?? false,
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      createdBy: input.createdBy,
      lastRedeployRecordId: null,
      createdAt: now,
      updatedAt: now,
    };
    await tx.triggers.insert(trigger);
    return trigger;
  });
}

/** Application names are unique per cluster; the namespace must match too. */
async function findApplication(deps: AppDeps, input: CreateTriggerInput): Promise<Application | null> {
  let cursor: string | null = null;
  do {
    const page = await deps.store.applications.list(input.accountId, { clusterId: input.clusterId, limit: 200, cursor });
    const app = page.items.find((a) => a.name === input.targetName);
    if (app) return app.namespace === input.namespace ? app : null;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return null;
}
