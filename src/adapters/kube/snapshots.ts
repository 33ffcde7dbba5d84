import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { VolumeSnapshotResult } from '../../app/ports/kube-gateway.ts';
import type { KubeCallContext } from './errors.ts';
import type { KubeApi } from './kube-api.ts';
import { listPodObjects } from './pods.ts';
import { at, isRecord, str, type KubeObject } from './unstructured.ts';

/**
 * Astra-style snapshots: one snapshot.storage.k8s.io/v1 VolumeSnapshot per PVC mounted by the selected pods, then
 * wait until each is readyToUse, reports an error, or the deadline passes. Names are deterministic
 * (`<prefix>-<pvc>`), so a retried create that already landed finds its snapshot (409 AlreadyExists → read it).
 */

const GROUP = 'snapshot.storage.k8s.io';
const VERSION = 'v1';
const PLURAL = 'volumesnapshots';
const POLL_MS = 500;

export interface SnapshotOptions {
  readonly snapshotClass?: string;
  readonly prefix: string;
  readonly deadline: number;
}

export async function createVolumeSnapshots(
  api: KubeApi,
  namespace: string,
  labelSelector: string,
  options: SnapshotOptions,
): Promise<VolumeSnapshotResult[]> {
  const pvcs = await mountedClaims(api, namespace, labelSelector);
  const names = new Map(pvcs.map((pvc) => [pvc, snapshotName(options.prefix, pvc)]));
  for (const [pvc, name] of names) await ensureSnapshot(api, namespace, name, pvc, options.snapshotClass);
  return waitUntilReady(api, namespace, names, options.deadline);
}

/** PVC names referenced by the pods' volumes, each once, sorted. */
async function mountedClaims(api: KubeApi, namespace: string, labelSelector: string): Promise<string[]> {
  const pods = await listPodObjects(api, namespace, labelSelector);
  const claims = pods.flatMap((pod) => (pod.spec?.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName));
  return [...new Set(claims.filter((c): c is string => typeof c === 'string' && c !== ''))].sort();
}

/** A DNS-1123 subdomain (≤253): lower-cased, invalid characters replaced, hashed when too long. */
export function snapshotName(prefix: string, pvc: string): string {
  const raw = `${prefix}-${pvc}`.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (raw.length <= 253) return raw;
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 10);
  return `${raw.slice(0, 242).replace(/[^a-z0-9]+$/, '')}-${hash}`;
}

function context(verb: KubeCallContext['verb'], namespace: string, name?: string): KubeCallContext {
  return {
    verb,
    resource: `${PLURAL}.${GROUP}`,
    namespace,
    ...(name === undefined ? {} : { name }),
    notFound: () => new AppError(
      'KUBE_UPSTREAM',
      `${GROUP}/${VERSION} VolumeSnapshot is not served in namespace "${namespace}" (is the CSI snapshot controller installed?).`,
    ),
  };
}

async function ensureSnapshot(api: KubeApi, namespace: string, name: string, pvc: string, snapshotClass?: string): Promise<void> {
  const body = {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'VolumeSnapshot',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'capstan' } },
    spec: {
      ...(snapshotClass === undefined ? {} : { volumeSnapshotClassName: snapshotClass }),
      source: { persistentVolumeClaimName: pvc },
    },
  };
  try {
    await api.call(context('create', namespace, name), (options) =>
      api.custom.createNamespacedCustomObject(
        { group: GROUP, version: VERSION, namespace, plural: PLURAL, body, fieldManager: api.fieldManager },
        options,
      ),
    );
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'NAME_TAKEN')) throw error;
  }
}

async function readSnapshot(api: KubeApi, namespace: string, name: string): Promise<KubeObject> {
  const obj: unknown = await api.call(context('get', namespace, name), (options) =>
    api.custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: PLURAL, name }, options),
  );
  return isRecord(obj) ? obj : {};
}

/**
 * Polls until every snapshot is readyToUse or the deadline passes. `status.error` is not final: the snapshot
 * controller clears it when a retry succeeds (external-snapshotter API docs), so it is only reported at the deadline.
 */
async function waitUntilReady(
  api: KubeApi,
  namespace: string,
  names: ReadonlyMap<string, string>,
  deadline: number,
): Promise<VolumeSnapshotResult[]> {
  const last = new Map<string, KubeObject>();
  for (;;) {
    for (const [pvc, name] of names) {
      if (!isReady(last.get(pvc))) last.set(pvc, await readSnapshot(api, namespace, name));
    }
    const remaining = deadline - Date.now();
    if ([...last.values()].every(isReady) || remaining <= 0) break;
    await api.sleep(Math.min(POLL_MS, remaining));
  }
  return [...names].map(([pvc, name]) => resultOf(last.get(pvc), name, pvc));
}

function isReady(obj: KubeObject | undefined): boolean {
  return at(obj, 'status', 'readyToUse') === true;
}

function resultOf(obj: KubeObject | undefined, name: string, pvc: string): VolumeSnapshotResult {
  if (isReady(obj)) return { name, pvcName: pvc, readyToUse: true, error: null };
  const message = str(at(obj, 'status', 'error', 'message'));
  return { name, pvcName: pvc, readyToUse: false, error: message ?? 'not ready by the deadline' };
}
