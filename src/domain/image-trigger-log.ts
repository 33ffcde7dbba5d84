/**
 * One firing of an image trigger (Tencent `ListTriggerLog` row; seed-apis.md §2.3 #4, §5.2 "TriggerInvocation").
 *
 * A row is written only when a push matched a trigger's condition (non-matching pushes are not firings). It
 * snapshots the trigger's name, condition and target as they were at fire time, so history survives renames,
 * edits and deletes. Its outcome follows the deploy record the firing created:
 *
 * | status      | when                                                   | invokeResult                          |
 * | ----------- | ------------------------------------------------------ | ------------------------------------- |
 * | `pending`   | the record is queued or running                        | returnCode -1, "… is queued/running"  |
 * | `succeeded` | the record succeeded (image set, rollout finished)     | returnCode 0, "ok"                    |
 * | `succeeded` | the no-downgrade guard kept the older tag out          | returnCode 0, "Not deployed: …"       |
 * | `failed`    | the record failed, or the firing could not start one   | returnCode 1, the reason              |
 * | `stopped`   | an operator stopped the record                         | returnCode 2, the reason              |
 *
 * `returnCode 0` means success as in Tencent's convention; -1 says "no result yet", so a client that treats any
 * non-zero code as failure must re-read pending rows. A firing that cannot even start (the push did not say which
 * registry it came from, so no image reference exists) is `failed` at once and has no record.
 */
import type { TagCondition } from './image-trigger-condition.ts';
import type { ImageTriggerFields } from './image-trigger.ts';

export const TriggerLogStatus = { pending: 'pending', succeeded: 'succeeded', failed: 'failed', stopped: 'stopped' } as const;
export type TriggerLogStatus = (typeof TriggerLogStatus)[keyof typeof TriggerLogStatus];
export const TRIGGER_LOG_STATUSES: readonly TriggerLogStatus[] = Object.values(TriggerLogStatus);

/** The target as it was when the trigger fired (Tencent `invokePara`, minus the account's `appId`). */
export type TriggerTargetSnapshot = Pick<ImageTriggerFields, 'clusterId' | 'clusterRegion' | 'namespace' | 'workloadKind' | 'workloadName' | 'containerName'>;

export interface TriggerLog {
  readonly id: string;
  readonly accountId: string;
  /** The trigger that fired; it may have been renamed or deleted since. */
  readonly triggerId: string;
  readonly triggerName: string;
  /** The registry event (domain/registry-event.ts) that fired it. */
  readonly eventId: string;
  /** Lower case, as the trigger stores it. */
  readonly repository: string;
  readonly tag: string;
  readonly digest: string | null;
  /** The image reference deployed; null when the firing could not build one. */
  readonly image: string | null;
  readonly condition: TagCondition;
  readonly target: TriggerTargetSnapshot;
  /** The deploy record the firing created; null when it could not start one. */
  readonly recordId: string | null;
  readonly status: TriggerLogStatus;
  /** The failure or stop reason; on success null, or why nothing was deployed (downgrade-guard.ts); null while pending. */
  readonly message: string | null;
  /** Epoch ms; never earlier than the previous firing of the same repository (ListTriggerLog orders by it). */
  readonly invokedAt: number;
}

export interface InvokeResult {
  readonly returnCode: number;
  readonly returnMsg: string;
}

export const RETURN_CODE = { succeeded: 0, failed: 1, stopped: 2, pending: -1 } as const satisfies Record<TriggerLogStatus, number>;

/** Tencent's `invokeResult`, from the row's settled status (see the table above). */
export function invokeResultOf(log: Pick<TriggerLog, 'status' | 'message' | 'recordId'>): InvokeResult {
  switch (log.status) {
    case 'succeeded':
      return { returnCode: RETURN_CODE.succeeded, returnMsg: log.message ?? 'ok' };
    case 'failed':
      return { returnCode: RETURN_CODE.failed, returnMsg: log.message ?? 'The deploy failed.' };
    case 'stopped':
      return { returnCode: RETURN_CODE.stopped, returnMsg: log.message ?? 'The deploy was stopped.' };
    case 'pending':
      return { returnCode: RETURN_CODE.pending, returnMsg: `Deploy record ${log.recordId ?? ''} has not finished yet.` };
  }
}
