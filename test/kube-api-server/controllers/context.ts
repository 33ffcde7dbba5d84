// What every controller gets on each step, and the helpers they share (ownership, pod readiness, template hash).
import { resourceByKind, type ResourceType } from '../resources.ts';
import type { ObjectStore } from '../store.ts';
import { canonicalJson, clone, type KubeObject, type OwnerReference, type PodTemplate } from '../types.ts';

export interface ControllerOptions {
  failingImagePattern: RegExp;
  progressDeadlineScale: number;
}

export interface ControllerContext {
  store: ObjectStore;
  options: ControllerOptions;
  now: number;
  /** Set by a controller that has nothing to write now but expects to later (a deadline it is timing). */
  waiting: boolean;
}

export type Controller = (ctx: ControllerContext) => void;

const KINDS: Record<string, string> = {
  Pod: 'v1', Namespace: 'v1', PersistentVolumeClaim: 'v1', Deployment: 'apps/v1', ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', ControllerRevision: 'apps/v1', VolumeSnapshot: 'snapshot.storage.k8s.io/v1',
};

export function resource(kind: string): ResourceType {
  const r = resourceByKind(KINDS[kind] ?? '', kind);
  if (!r) throw new Error(`unknown kind ${kind}`);
  return r;
}

/** The ownerReference a controller puts on what it creates (controller: true, blockOwnerDeletion: true). */
export function controllerRef(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

export function ownedBy(objects: KubeObject[], owner: KubeObject): KubeObject[] {
  return objects.filter((o) => (o.metadata.ownerReferences ?? []).some((ref) => ref.controller && ref.uid === owner.metadata.uid));
}

export function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod.status?.conditions ?? []) as { type: string; status: string }[];
  return pod.status?.phase === 'Running' && conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** controller.ComputeHash: FNV-32a over the template, rendered with rand.SafeEncodeString (pod-template-hash). */
export function templateHash(template: unknown): string {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(canonicalJson(withoutHashLabel(template)), 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...String(hash)].map((ch) => alphabet[ch.charCodeAt(0) % alphabet.length]).join('');
}

/** Templates compared the way EqualIgnoreHash does: ignoring the pod-template-hash label. */
export function sameTemplate(a: unknown, b: unknown): boolean {
  return canonicalJson(withoutHashLabel(a)) === canonicalJson(withoutHashLabel(b));
}

function withoutHashLabel(template: unknown): unknown {
  const t = clone(template) as PodTemplate | undefined;
  if (t?.metadata?.labels) {
    delete t.metadata.labels['pod-template-hash'];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  return t;
}

/** Resolves an IntOrString like "25%" against a total (intstr.GetScaledValueFromIntOrPercent). */
export function scaled(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.endsWith('%')) {
    const exact = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  return Number(value ?? 0) || 0;
}

/** Writes only when something changed, so an idle controller does not bump resourceVersions. */
export function writeIfChanged(ctx: ControllerContext, before: KubeObject, after: KubeObject): KubeObject {
  if (canonicalJson(before) === canonicalJson(after)) return before;
  return ctx.store.update(resource(after.kind), after);
}

export function newPod(owner: KubeObject, template: PodTemplate, name: string, labels: Record<string, string>, nodeName?: string): KubeObject {
  const t = clone(template);
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: owner.metadata.namespace, uid: '', resourceVersion: '', creationTimestamp: '',
      labels: { ...t.metadata?.labels, ...labels },
      ...(t.metadata?.annotations ? { annotations: t.metadata.annotations } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: { ...t.spec, ...(nodeName ? { nodeName } : {}) },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

/** Upserts a condition; lastTransitionTime moves only when status flips, lastUpdateTime when it changes or on `touch`. */
export function setCondition(conditions: Record<string, unknown>[], next: Record<string, unknown>, now: string, touch = false): Record<string, unknown>[] {
  const current = conditions.find((c) => c.type === next.type);
  const changedStatus = current?.status !== next.status;
  const same = current && current.reason === next.reason && current.status === next.status && current.message === next.message;
  const merged = {
    ...next,
    lastUpdateTime: same && !touch ? current.lastUpdateTime : now,
    lastTransitionTime: changedStatus || !current ? now : current.lastTransitionTime,
  };
  return [...conditions.filter((c) => c.type !== next.type), merged];
}

/** Drops zero-valued counters, as Go's `json:",omitempty"` does for the int32 status fields of apps/v1. */
export function omitZero(status: Record<string, unknown>, keep: string[] = []): Record<string, unknown> {
  return Object.fromEntries(Object.entries(status).filter(([k, v]) => keep.includes(k) || (v !== 0 && v !== undefined)));
}
