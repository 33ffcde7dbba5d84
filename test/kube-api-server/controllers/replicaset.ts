// ReplicaSet controller: keeps spec.replicas pods (named <rs>-<5 chars>, labelled from the template, owned by the
// RS) and reports replicas/readyReplicas/availableReplicas. Surplus pods go not-ready first, then newest first
// (controller.ActivePods ordering, simplified). minReadySeconds is not modelled: ready means available.
import { randomSuffix } from '../handlers.ts';
import type { KubeObject, PodTemplate } from '../types.ts';
import { clone } from '../types.ts';
import { isPodReady, newPod, omitZero, ownedBy, resource, writeIfChanged, type ControllerContext } from './context.ts';

export function replicaSetController(ctx: ControllerContext): void {
  const rsType = resource('ReplicaSet');
  const podType = resource('Pod');
  for (const rs of ctx.store.list(rsType)) {
    if (rs.metadata.deletionTimestamp) continue;
    const active = () => ownedBy(ctx.store.list(podType, rs.metadata.namespace), rs).filter((p) => !p.metadata.deletionTimestamp);
    let pods = active();
    const desired = Number(rs.spec?.replicas ?? 1);
    const template = rs.spec?.template as PodTemplate;
    for (let i = pods.length; i < desired; i++) {
      ctx.store.create(podType, newPod(rs, template, `${rs.metadata.name}-${randomSuffix()}`, {}));
    }
    if (pods.length > desired) {
      const surplus = [...pods].sort(deletionOrder).slice(0, pods.length - desired);
      for (const pod of surplus) ctx.store.delete(podType, pod.metadata.namespace ?? null, pod.metadata.name);
    }
    pods = active();
    const ready = pods.filter(isPodReady).length;
    const next = clone(rs);
    next.status = omitZero({
      replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready,
      observedGeneration: rs.metadata.generation ?? 1,
    }, ['replicas']);
    writeIfChanged(ctx, rs, next);
  }
}

function deletionOrder(a: KubeObject, b: KubeObject): number {
  const readiness = Number(isPodReady(a)) - Number(isPodReady(b));
  return readiness !== 0 ? readiness : b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp);
}
