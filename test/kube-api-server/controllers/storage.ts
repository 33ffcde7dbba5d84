// Storage stand-ins: a PersistentVolumeClaim binds one step after creation (a pretend provisioner), and a
// VolumeSnapshot of a bound claim becomes readyToUse one step later, with the status fields of the
// external-snapshotter's VolumeSnapshotStatus (boundVolumeSnapshotContentName, creationTime, readyToUse,
// restoreSize); a snapshot of a missing claim reports status.error instead.
import type { KubeObject } from '../types.ts';
import { clone, isObject, rfc3339 } from '../types.ts';
import { resource, writeIfChanged, type ControllerContext } from './context.ts';

export function storageController(ctx: ControllerContext): void {
  for (const pvc of ctx.store.list(resource('PersistentVolumeClaim'))) bindClaim(ctx, pvc);
  for (const snapshot of ctx.store.list(resource('VolumeSnapshot'))) takeSnapshot(ctx, snapshot);
}

function requestedSize(pvc: KubeObject | undefined): string {
  const resources = pvc?.spec?.resources;
  const requests = isObject(resources) && isObject(resources.requests) ? resources.requests : {};
  return String(requests.storage ?? '1Gi');
}

function bindClaim(ctx: ControllerContext, pvc: KubeObject): void {
  if (pvc.status?.phase !== 'Pending') return;
  const next = clone(pvc);
  next.spec = { ...next.spec, volumeName: `pvc-${pvc.metadata.uid}` };
  next.status = { phase: 'Bound', accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'], capacity: { storage: requestedSize(pvc) } };
  writeIfChanged(ctx, pvc, next);
}

function takeSnapshot(ctx: ControllerContext, snapshot: KubeObject): void {
  if (snapshot.status?.readyToUse === true || snapshot.status?.error) return;
  const source = isObject(snapshot.spec?.source) ? snapshot.spec.source : {};
  const claimName = String(source.persistentVolumeClaimName ?? '');
  const pvc = ctx.store.get(resource('PersistentVolumeClaim'), snapshot.metadata.namespace ?? null, claimName);
  const next = clone(snapshot);
  const now = rfc3339(ctx.now);
  if (!pvc) {
    next.status = { readyToUse: false, error: { time: now, message: `Failed to create snapshot: error getting PVC "${claimName}": persistentvolumeclaims "${claimName}" not found` } };
  } else if (pvc.status?.phase === 'Bound') {
    next.status = { boundVolumeSnapshotContentName: `snapcontent-${snapshot.metadata.uid}`, creationTime: now, readyToUse: true, restoreSize: requestedSize(pvc) };
  } else return;
  writeIfChanged(ctx, snapshot, next);
}
