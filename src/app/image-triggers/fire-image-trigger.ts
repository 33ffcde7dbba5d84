import { DeployHookAction, RecordOrigin, RecordType, workloadSerialKey } from '../../domain/deploy-record.ts';
import type { ImageTrigger } from '../../domain/image-trigger.ts';
import type { TriggerLog } from '../../domain/image-trigger-log.ts';
import { imageReferenceFor } from '../../domain/image-trigger-reference.ts';
import type { RegistryEvent } from '../../domain/registry-event.ts';
import type { AppDeps } from '../deps.ts';
import { startRecord } from '../records/start-record.ts';

/** How long a firing's deploy record may take (set image + rollout) before it fails as timed out. */
export const FIRING_TIMEOUT_MS = 15 * 60_000;

export interface Firing {
  readonly log: TriggerLog;
  /** False when this trigger had already fired for this event (a redelivered match job): nothing was written. */
  readonly created: boolean;
}

/**
 * Fires one trigger for one push, in one transaction: a deploy record with a single `set-image` step (type
 * `trigger`, origin `image-push`, hook action `update-image`, serialized per workload) and the log row that
 * snapshots the trigger. Idempotent: a firing of (event, trigger) that already exists is returned untouched, and
 * the record's dedupe key guards the same pair again, so a job run twice fires once.
 *
 * A push whose registry host is unknown (and the trigger names none) cannot be deployed: it is logged as a failed
 * firing with the reason, and no record is made.
 */
export async function fireImageTrigger(
  deps: Pick<AppDeps, 'store' | 'clock' | 'ids'>,
  event: RegistryEvent & { readonly push: { readonly tag: string } },
  trigger: ImageTrigger,
): Promise<Firing> {
  const { push } = event;
  return deps.store.transaction(async (tx) => {
    const existing = await tx.triggerLogs.findFiring(event.accountId, event.id, trigger.id);
    if (existing) return { log: existing, created: false };
    const reference = imageReferenceFor(trigger, push);
    const workload = { namespace: trigger.namespace, kind: trigger.workloadKind, name: trigger.workloadName };
    let recordId: string | null = null;
    if (reference.ok) {
      const { record } = await startRecord(deps, tx, {
        accountId: event.accountId,
        type: RecordType.trigger,
        origin: RecordOrigin.imagePush,
        hookAction: DeployHookAction.updateImage,
        plan: [{
          type: 'set-image',
          name: `set image of ${trigger.containerName} to ${push.tag}`,
          target: { clusterId: trigger.clusterId, workload },
          container: trigger.containerName,
          image: reference.image,
        }],
        triggerId: trigger.id,
        createdBy: null,
        timeoutMs: FIRING_TIMEOUT_MS,
        serialKey: workloadSerialKey(trigger.clusterId, workload),
        dedupeKey: `image-push:${event.id}:${trigger.id}`,
      });
      recordId = record.id;
    }
    // Last: on PostgreSQL appending holds the repository's log head until the transaction ends.
    const log = await tx.triggerLogs.append({
      id: deps.ids.newId(),
      accountId: event.accountId,
      triggerId: trigger.id,
      triggerName: trigger.name,
      eventId: event.id,
      repository: trigger.repository,
      tag: push.tag,
      digest: push.digest,
      image: reference.ok ? reference.image : null,
      condition: trigger.condition,
      target: {
        clusterId: trigger.clusterId,
        clusterRegion: trigger.clusterRegion,
        namespace: trigger.namespace,
        workloadKind: trigger.workloadKind,
        workloadName: trigger.workloadName,
        containerName: trigger.containerName,
      },
      recordId,
      status: reference.ok ? 'pending' : 'failed',
      message: reference.ok ? null : reference.reason,
      invokedAt: deps.clock.now(),
    });
    return { log, created: true };
  });
}
