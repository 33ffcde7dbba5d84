// DaemonSet controller (pkg/controller/daemon, simplified) over a pretend two-node cluster: one pod per node,
// labelled controller-revision-hash=<hash>; RollingUpdate deletes old pods (unready ones first, then within
// maxUnavailable) and the next step recreates them from the new template; OnDelete leaves old pods alone.
// Status carries desiredNumberScheduled/updatedNumberScheduled/numberAvailable/observedGeneration (rule K8).
import { randomSuffix } from '../handlers.ts';
import type { KubeObject, PodTemplate } from '../types.ts';
import { clone } from '../types.ts';
import { isPodReady, newPod, omitZero, ownedBy, resource, scaled, writeIfChanged, type ControllerContext } from './context.ts';
import { ensureRevision } from './controller-revisions.ts';
import { NODES } from './kubelet.ts';

interface DaemonSetSpec {
  template: PodTemplate;
  updateStrategy: { type: string; rollingUpdate?: { maxUnavailable?: unknown } };
}

const REVISION_LABEL = 'controller-revision-hash';

export function daemonSetController(ctx: ControllerContext): void {
  for (const ds of ctx.store.list(resource('DaemonSet'))) if (!ds.metadata.deletionTimestamp) syncDaemonSet(ctx, ds);
}

function syncDaemonSet(ctx: ControllerContext, ds: KubeObject): void {
  const spec = ds.spec as unknown as DaemonSetSpec;
  const { hash } = ensureRevision(ctx, ds, spec.template);
  const pods = () => ownedBy(ctx.store.list(resource('Pod'), ds.metadata.namespace), ds);
  for (const node of NODES) {
    const onNode = pods().filter((p) => (p.spec as { nodeName?: string }).nodeName === node);
    if (onNode.length === 0) {
      ctx.store.create(resource('Pod'), newPod(ds, spec.template, `${ds.metadata.name}-${randomSuffix()}`, {
        [REVISION_LABEL]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1),
      }, node));
    }
    for (const extra of onNode.slice(1)) remove(ctx, extra);
  }
  if (spec.updateStrategy.type === 'RollingUpdate') rollingUpdate(ctx, spec, pods(), hash);
  updateStatus(ctx, ds, pods(), hash);
}

/** rolling_update.go rollingUpdate (maxSurge 0): old unready pods go at once; ready ones within maxUnavailable. */
function rollingUpdate(ctx: ControllerContext, spec: DaemonSetSpec, pods: KubeObject[], hash: string): void {
  const maxUnavailable = Math.max(1, scaled(spec.updateStrategy.rollingUpdate?.maxUnavailable ?? 1, NODES.length, true));
  const old = pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] !== hash);
  let unavailable = pods.filter((p) => !isPodReady(p)).length + (NODES.length - pods.length);
  for (const pod of old) {
    if (!isPodReady(pod)) remove(ctx, pod);
    else if (unavailable < maxUnavailable) {
      remove(ctx, pod);
      unavailable++;
    }
  }
}

function updateStatus(ctx: ControllerContext, ds: KubeObject, pods: KubeObject[], hash: string): void {
  const ready = pods.filter(isPodReady).length;
  const next = clone(ds);
  next.status = omitZero({
    currentNumberScheduled: pods.length, numberMisscheduled: 0, desiredNumberScheduled: NODES.length, numberReady: ready,
    observedGeneration: ds.metadata.generation, updatedNumberScheduled: pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === hash).length,
    numberAvailable: ready, numberUnavailable: NODES.length - ready,
  }, ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady']);
  writeIfChanged(ctx, ds, next);
}

function remove(ctx: ControllerContext, pod: KubeObject): void {
  ctx.store.delete(resource('Pod'), pod.metadata.namespace ?? null, pod.metadata.name);
}
