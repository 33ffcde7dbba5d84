import type { PatchStrategy } from '@kubernetes/client-node';
import { AppError } from '../../domain/errors.ts';
import type { WorkloadKind, WorkloadRef, WriteResult } from '../../app/ports/kube-gateway.ts';
import type { KubeApi } from './kube-api.ts';
import type { KubeCallContext } from './errors.ts';
import { asArray, at, int, isRecord, str, type KubeObject } from './unstructured.ts';

/**
 * Raw (unstructured) access to apps/v1 workloads through client-node's CustomObjectsApi, which addresses any
 * `/apis/{group}/{version}/namespaces/{ns}/{plural}` path and hands back the JSON untouched, and the K15 write loop.
 */

const PLURAL: Readonly<Record<WorkloadKind, string>> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** A write derived from one read of the object; `patch: null` means the object already is what we want. */
export interface WritePlan<R> {
  readonly patch: { readonly contentType: PatchStrategy; readonly body: unknown } | null;
  /** Builds the caller's result from the object after the write (or the read object when there was no write). */
  readonly result: (after: KubeObject, wrote: boolean) => R;
}

export function workloadContext(ref: WorkloadRef, verb: KubeCallContext['verb']): KubeCallContext {
  return {
    verb,
    resource: `${PLURAL[ref.kind]}.apps`,
    namespace: ref.namespace,
    name: ref.name,
    notFound: () => new AppError('WORKLOAD_NOT_FOUND', `${ref.kind} ${ref.namespace}/${ref.name} does not exist.`),
  };
}

export async function readWorkload(api: KubeApi, ref: WorkloadRef): Promise<KubeObject> {
  const obj: unknown = await api.call(workloadContext(ref, 'get'), (options) =>
    api.custom.getNamespacedCustomObject(
      { group: 'apps', version: 'v1', namespace: ref.namespace, plural: PLURAL[ref.kind], name: ref.name },
      options,
    ),
  );
  return isRecord(obj) ? obj : {};
}

export async function listWorkloadObjects(api: KubeApi, kind: WorkloadKind, namespace: string, labelSelector: string): Promise<KubeObject[]> {
  const ctx: KubeCallContext = {
    verb: 'list',
    resource: `${PLURAL[kind]}.apps`,
    namespace,
    badRequest: () => new AppError('SELECTOR_INVALID', `Label selector "${labelSelector}" is not valid.`),
  };
  const list: unknown = await api.call(ctx, (options) =>
    api.custom.listNamespacedCustomObject(
      { group: 'apps', version: 'v1', namespace, plural: PLURAL[kind], ...(labelSelector === '' ? {} : { labelSelector }) },
      options,
    ),
  );
  return asArray(at(list, 'items')).filter(isRecord);
}

async function patchWorkload(api: KubeApi, ref: WorkloadRef, patch: NonNullable<WritePlan<unknown>['patch']>): Promise<KubeObject> {
  const obj: unknown = await api.callPatch(workloadContext(ref, 'patch'), patch.contentType, (options) =>
    api.custom.patchNamespacedCustomObject(
      {
        group: 'apps',
        version: 'v1',
        namespace: ref.namespace,
        plural: PLURAL[ref.kind],
        name: ref.name,
        body: patch.body,
        fieldManager: api.fieldManager,
      },
      options,
    ),
  );
  return isRecord(obj) ? obj : {};
}

/**
 * K15/K16: read → derive the change from that object → write with its resourceVersion as precondition; on 409
 * start again from a fresh read (never patch the old object with a new resourceVersion), so a change someone else
 * made in between is seen, and a change that is no longer wanted is not written. Bounded by `conflictAttempts`
 * with client-go DefaultRetry-like pauses (≈10 ms, jittered).
 */
export async function writeWorkload<R>(api: KubeApi, ref: WorkloadRef, derive: (obj: KubeObject) => WritePlan<R>): Promise<R> {
  let lastConflict: AppError | undefined;
  for (let attempt = 1; attempt <= api.conflictAttempts; attempt++) {
    const obj = await readWorkload(api, ref);
    const plan = derive(obj);
    if (plan.patch === null) return plan.result(obj, false);
    try {
      return plan.result(await patchWorkload(api, ref, plan.patch), true);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'KUBE_CONFLICT') throw error;
      lastConflict = error;
      await api.sleep(5 + Math.random() * 10);
    }
  }
  throw new AppError(
    'KUBE_CONFLICT',
    `${ref.kind} ${ref.namespace}/${ref.name} kept changing; gave up after ${api.conflictAttempts} fresh reads.`,
    { cause: lastConflict },
  );
}

export function resourceVersionOf(obj: KubeObject): string {
  return str(at(obj, 'metadata', 'resourceVersion')) ?? '';
}

export function writeResult(obj: KubeObject, changed: boolean): WriteResult {
  return { changed, resourceVersion: resourceVersionOf(obj), generation: int(at(obj, 'metadata', 'generation')) };
}

/** K3 and kubectl's rollback.go: a paused Deployment does not roll, so template writes that mean "roll" refuse. */
export function refuseIfPaused(ref: WorkloadRef, obj: KubeObject, action: string): void {
  if (ref.kind === 'Deployment' && at(obj, 'spec', 'paused') === true) {
    throw new AppError(
      'WORKLOAD_PAUSED',
      `Can't ${action} paused deployment ${ref.namespace}/${ref.name} (run rollout resume first).`,
    );
  }
}
