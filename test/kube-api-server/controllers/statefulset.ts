// StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go, simplified): pods <name>-<ordinal>
// created in order, each waiting for the previous one to be Ready (OrderedReady; Parallel does not wait);
// RollingUpdate replaces pods from the highest ordinal down to spec.updateStrategy.rollingUpdate.partition, one
// at a time, only while every pod is Ready; OnDelete never replaces pods itself, but pods deleted by someone else
// come back at the update revision. Status carries what kubectl's rollout status reads (rule K8):
// observedGeneration, readyReplicas, updatedReplicas, currentRevision/updateRevision.
import type { KubeObject, PodTemplate } from '../types.ts';
import { clone } from '../types.ts';
import { isPodReady, newPod, omitZero, ownedBy, resource, writeIfChanged, type ControllerContext } from './context.ts';
import { ensureRevision, revisionTemplate } from './controller-revisions.ts';

interface StatefulSetSpec {
  replicas: number;
  template: PodTemplate;
  podManagementPolicy: string;
  updateStrategy: { type: string; rollingUpdate?: { partition?: number } };
}

const REVISION_LABEL = 'controller-revision-hash';

export function statefulSetController(ctx: ControllerContext): void {
  for (const sts of ctx.store.list(resource('StatefulSet'))) if (!sts.metadata.deletionTimestamp) syncStatefulSet(ctx, sts);
}

function syncStatefulSet(ctx: ControllerContext, sts: KubeObject): void {
  const spec = sts.spec as unknown as StatefulSetSpec;
  const update = ensureRevision(ctx, sts, spec.template).name;
  const current = String(sts.status?.currentRevision ?? update);
  const rolling = spec.updateStrategy.type === 'RollingUpdate';
  const partition = rolling ? spec.updateStrategy.rollingUpdate?.partition ?? 0 : 0;
  const ordered = spec.podManagementPolicy !== 'Parallel';
  const pods = () => new Map(ownedBy(ctx.store.list(resource('Pod'), sts.metadata.namespace), sts).map((p) => [ordinalOf(sts, p), p]));
  let byOrdinal = pods();
  for (let i = 0; i < spec.replicas; i++) {
    const pod = byOrdinal.get(i);
    if (!pod) {
      // newVersionedStatefulSetPod: ordinals below the partition stay at the current revision.
      const revision = rolling && i < partition ? current : update;
      const template = revisionTemplate(ctx, sts, revision) ?? spec.template;
      ctx.store.create(resource('Pod'), newPod(sts, template, `${sts.metadata.name}-${i}`, {
        [REVISION_LABEL]: revision, 'statefulset.kubernetes.io/pod-name': `${sts.metadata.name}-${i}`, 'apps.kubernetes.io/pod-index': String(i),
      }));
      if (ordered) break;
    } else if (ordered && !isPodReady(pod)) break;
  }
  byOrdinal = pods();
  const allReady = [...byOrdinal.values()].every(isPodReady) && byOrdinal.size >= spec.replicas;
  const surplus = [...byOrdinal.keys()].filter((i) => i >= spec.replicas).sort((a, b) => b - a);
  if (surplus.length > 0 && (allReady || !ordered)) deletePod(ctx, byOrdinal.get(surplus[0] as number));
  else if (rolling && allReady) {
    for (let i = spec.replicas - 1; i >= partition; i--) {
      const pod = byOrdinal.get(i);
      if (pod && pod.metadata.labels?.[REVISION_LABEL] !== update) {
        deletePod(ctx, pod);
        break;
      }
    }
  }
  updateStatus(ctx, sts, spec, [...pods().values()], current, update, rolling);
}

function updateStatus(ctx: ControllerContext, sts: KubeObject, spec: StatefulSetSpec, pods: KubeObject[], current: string, update: string, rolling: boolean): void {
  const ready = pods.filter(isPodReady).length;
  const updated = pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === update).length;
  // completeRollingUpdate: once every replica runs the update revision and is Ready, it becomes current.
  const done = rolling && updated === spec.replicas && ready === spec.replicas && pods.length === spec.replicas;
  const currentRevision = done ? update : current;
  const next = clone(sts);
  next.status = omitZero({
    observedGeneration: sts.metadata.generation, replicas: pods.length, readyReplicas: ready,
    currentReplicas: pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length,
    updatedReplicas: updated, availableReplicas: ready, currentRevision, updateRevision: update, collisionCount: 0,
  }, ['replicas', 'availableReplicas', 'collisionCount']);
  writeIfChanged(ctx, sts, next);
}

function ordinalOf(sts: KubeObject, pod: KubeObject): number {
  return Number(pod.metadata.name.slice(sts.metadata.name.length + 1));
}

function deletePod(ctx: ControllerContext, pod: KubeObject | undefined): void {
  if (pod) ctx.store.delete(resource('Pod'), pod.metadata.namespace ?? null, pod.metadata.name);
}
