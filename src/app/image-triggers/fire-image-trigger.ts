import { DeployHookAction, RecordOrigin, RecordType, workloadSerialKey } from '../../domain/deploy-record.ts';
import type { ImageTrigger } from '../../domain/image-trigger.ts';
import type { TriggerLog } from '../../domain/image-trigger-log.ts';
import { holdMessage, type QuarantineEntry } from '../../domain/image-quarantine.ts';
import { imageReferenceFor } from '../../domain/image-trigger-reference.ts';
import type { RegistryEvent } from '../../domain/registry-event.ts';
import type { AppDeps } from '../deps.ts';
import { startRecord } from '../records/start-record.ts';
import { findQuarantineHold } from './find-quarantine-hold.ts';

/** How long a firing's deploy record may take (set image + rollout) before it fails as timed out. */
export const FIRING_TIMEOUT_MS = 15 * 60_000;

/**
 * `fired`: the trigger fired (a log row, and a record when an image reference could be built). `held`: a
 * quarantine entry held the push back (domain/image-quarantine.ts); a hold, not a log row, says why. `created` is
 * false when this (event, trigger) had already been decided by an earlier run of the match job: nothing was written.
 */
export type Firing =
  | { readonly outcome: 'fired'; readonly log: TriggerLog; readonly created: boolean }
  | { readonly outcome: 'held'; readonly entry: QuarantineEntry; readonly created: boolean };

/**
 * Fires one trigger for one push, in one transaction: a deploy record with a single `set-image` step (type
 * `trigger`, origin `image-push`, hook action `update-image`, serialized per workload; marked `unlessDowngrade`
 * unless the trigger allows downgrades) and the log row that snapshots the trigger. Idempotent: a firing of (event, trigger) that already exists is returned untouched, and
 * the record's dedupe key guards the same pair again, so a job run twice fires once.
 *
 * A push whose registry host is unknown (and the trigger names none) cannot be deployed: it is logged as a failed
 * firing with the reason, and no record is made.
 *
 * A push whose digest (or tag) is quarantined for the trigger — an operator rolled a firing of it back — does not
 * fire: a hold is written on the event instead (not a trigger-log row: the Tencent log lists firings only), once
 * per (event, trigger) like a firing. The check is one indexed lookup, in this transaction.
 */
export async function fireImageTrigger(
  deps: Pick<AppDeps, 'store' | 'clock' | 'ids'>,
  event: RegistryEvent & { readonly push: { readonly tag: string } },
  trigger: ImageTrigger,
): Promise<Firing> {
  const { push } = event;
  return deps.store.transaction(async (tx) => {
    const existing = await tx.triggerLogs.findFiring(event.accountId, event.id, trigger.id);
    if (existing) return { outcome: 'fired', log: existing, created: false };
    const entry = await findQuarantineHold(tx, trigger, push);
    if (entry) {
      const created = await tx.imageQuarantine.recordHold({
        id: deps.ids.newId(), accountId: event.accountId, triggerId: trigger.id, eventId: event.id, entryId: entry.id,
        subject: entry.subject, message: holdMessage(entry, trigger.name), heldAt: deps.clock.now(),
      });
      return { outcome: 'held', entry, created };
    }
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
          // The guard needs the running image, which only the step sees (downgrade-guard.ts).
          ...(trigger.allowDowngrade ? {} : { unlessDowngrade: true }),
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
    return { outcome: 'fired', log, created: true };
  });
}
