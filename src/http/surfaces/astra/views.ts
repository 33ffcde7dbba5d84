/** Domain → Astra wire (schemas.ts). Booleans become "true"/"false"; absent optional fields are left out. */
import type { HookMatches } from '../../../app/hooks/preview-hook-matches.ts';
import type { ExecutionHook, ExecutionHookOverride, MetadataLabel } from '../../../domain/execution-hook.ts';
import type { HookSource } from '../../../domain/hook-source.ts';
import type { ProtectionOperation } from '../../../domain/protection-operation.ts';
import { HOOK_MEDIA, OVERRIDE_MEDIA, SNAP_MEDIA, SOURCE_MEDIA } from './schemas.ts';

/** Astra's nil UUID stands in for "no author" (NetApp-provided resources, rows written by Capstan itself). */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

interface Authored {
  readonly labels: readonly MetadataLabel[];
  readonly createdBy: string | null;
  readonly modifiedBy?: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export function metadataView(r: Authored) {
  return {
    labels: r.labels.map((l) => ({ name: l.name, value: l.value })),
    creationTimestamp: astraTime(r.createdAt),
    modificationTimestamp: astraTime(r.updatedAt),
    createdBy: r.createdBy ?? NIL_UUID,
    ...(r.modifiedBy ? { modifiedBy: r.modifiedBy } : {}),
  };
}

/** RFC 3339 UTC with a fraction, as Astra writes them (`2022-10-06T20:58:16.305Z`). */
export function astraTime(ms: number): string {
  return new Date(ms).toISOString();
}

export function hookView(h: ExecutionHook, matches?: HookMatches | null, version: string = h.schemaVersion) {
  return {
    type: HOOK_MEDIA,
    version,
    id: h.id,
    name: h.name,
    hookType: h.hookType,
    matchingCriteria: h.matchingCriteria.map((c) => ({ type: c.type, value: c.value })),
    ...(matches ? {
      matchingContainers: matches.containers.map((c) => ({
        podName: c.podName,
        podLabels: Object.entries(c.podLabels).map(([name, value]) => ({ name, value })),
        containerImage: c.containerImage,
        containerName: c.containerName,
        namespaceName: c.namespace,
      })),
      matchingImages: [...matches.images],
    } : {}),
    action: h.action,
    stage: h.stage,
    hookSourceID: h.hookSourceId,
    arguments: [...h.arguments],
    ...(h.applicationId === null ? {} : { appID: h.applicationId }),
    enabled: String(h.enabled),
    ...(h.description === '' ? {} : { description: h.description }),
    ...(h.failureMode === 'hard' ? { failureMode: h.failureMode } : {}),
    ...(h.timeoutMs === null ? {} : { timeoutSeconds: Math.round(h.timeoutMs / 1000) }),
    metadata: metadataView(h),
  };
}

export function sourceView(s: HookSource) {
  return {
    type: SOURCE_MEDIA,
    version: '1.0',
    id: s.id,
    name: s.name,
    private: String(s.private),
    preloaded: String(s.preloaded),
    sourceType: s.sourceType,
    ...(s.private ? {} : { source: s.source }),
    sourceMD5Checksum: s.sourceMd5,
    ...(s.description === '' ? {} : { description: s.description }),
    metadata: metadataView(s),
  };
}

export function overrideView(o: ExecutionHookOverride) {
  return {
    type: OVERRIDE_MEDIA,
    version: '1.0',
    id: o.id,
    executionHookID: o.executionHookId,
    appID: o.applicationId,
    enabled: String(o.enabled),
    metadata: metadataView(o),
  };
}

export function snapView(op: ProtectionOperation) {
  return {
    type: SNAP_MEDIA,
    version: op.schemaVersion,
    id: op.id,
    name: op.name,
    ...(op.state === 'completed' ? { snapshotAppAsset: op.id } : {}),
    ...(op.snapshotAt === null ? {} : { snapshotCreationTimestamp: astraTime(op.snapshotAt) }),
    state: op.state,
    stateUnready: [...op.stateUnready],
    ...(op.hookState === null ? {} : {
      hookState: op.hookState,
      hookStateDetails: op.hookStateDetails.map((d) => ({ type: d.type, title: d.title, detail: d.detail, additionalDetails: { ...d.additionalDetails } })),
    }),
    volumeSnapshots: op.volumeSnapshots.map((v) => ({ name: v.name, pvcName: v.pvcName, readyToUse: String(v.readyToUse), ...(v.error === null ? {} : { error: v.error }) })),
    metadata: metadataView({ labels: [], createdBy: op.createdBy, createdAt: op.createdAt, updatedAt: op.updatedAt }),
  };
}
