/**
 * A data-protection operation that hooks hang off (seed-apis.md §5.2 ProtectionOperation), reduced to what Capstan
 * runs: the application snapshot (Astra `appSnap`). Taking one runs the pre-snapshot hooks, creates one CSI
 * VolumeSnapshot per PVC the application's pods mount, waits until they are ready, then runs the post-snapshot
 * hooks, and reports `hookState` (success | failed) with `hookStateDetails` for the hooks that failed.
 *
 * States follow Astra: `pending` (accepted, job queued), `running`, `completed`, `failed`. A soft hook failure
 * leaves the snapshot `completed` with `hookState: failed`; a hard pre-hook failure stops it before any snapshot
 * is taken (`failed`, and the post hooks still run so a freeze is always followed by its thaw); a snapshot that is
 * not ready by the deadline fails it (Astra: "any affected snapshot will time out and be marked as failed").
 */

export const OperationState = { pending: 'pending', running: 'running', completed: 'completed', failed: 'failed' } as const;
export type OperationState = (typeof OperationState)[keyof typeof OperationState];
export const OPERATION_STATES: readonly OperationState[] = Object.values(OperationState);
export const FINAL_OPERATION_STATES: ReadonlySet<OperationState> = new Set(['completed', 'failed']);

export const HookState = { success: 'success', failed: 'failed' } as const;
export type HookState = (typeof HookState)[keyof typeof HookState];

/** Astra `hookStateDetails[]` item: title ≤ 40, detail ≤ 511 characters. */
export interface HookStateDetail {
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly additionalDetails: Readonly<Record<string, string>>;
}

/** One VolumeSnapshot the operation made. */
export interface VolumeSnapshotRef {
  readonly name: string;
  readonly pvcName: string;
  readonly readyToUse: boolean;
  readonly error: string | null;
}

export interface ProtectionOperation {
  readonly id: string;
  readonly accountId: string;
  readonly applicationId: string;
  readonly action: 'snapshot';
  /** DNS label, unique per application (Astra appSnap `name`). */
  readonly name: string;
  readonly state: OperationState;
  /** Astra `stateUnready`: why it failed (or cannot run). */
  readonly stateUnready: readonly string[];
  /** Null until the hooks of the operation have run. */
  readonly hookState: HookState | null;
  readonly hookStateDetails: readonly HookStateDetail[];
  readonly volumeSnapshots: readonly VolumeSnapshotRef[];
  readonly schemaVersion: string;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** When the VolumeSnapshots were all ready (Astra `snapshotCreationTimestamp`). */
  readonly snapshotAt: number | null;
  readonly updatedAt: number;
}

export const HOOK_DETAIL_LIMITS = { title: 40, detail: 511 } as const;

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
