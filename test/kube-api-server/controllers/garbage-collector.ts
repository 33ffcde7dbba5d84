// Garbage collection (background propagation, the default): a namespaced object whose owners are all gone is
// deleted, so deleting a Deployment removes its ReplicaSets and then their Pods. A Terminating namespace loses
// its contents, then, once nothing is left (finalizers may hold objects), itself (the namespace controller's job).
import { RESOURCES } from '../resources.ts';
import { resource, type ControllerContext } from './context.ts';

export function garbageCollector(ctx: ControllerContext): void {
  const live = new Set<string>();
  for (const r of RESOURCES) for (const o of ctx.store.list(r)) live.add(o.metadata.uid);
  for (const r of RESOURCES) {
    if (!r.namespaced) continue;
    for (const o of ctx.store.list(r)) {
      const refs = o.metadata.ownerReferences ?? [];
      if (o.metadata.deletionTimestamp || refs.length === 0) continue;
      if (refs.every((ref) => !live.has(ref.uid))) ctx.store.delete(r, o.metadata.namespace ?? null, o.metadata.name);
    }
  }
  for (const ns of ctx.store.list(resource('Namespace'))) {
    if (!ns.metadata.deletionTimestamp) continue;
    let left = 0;
    for (const r of RESOURCES) {
      if (!r.namespaced) continue;
      for (const o of ctx.store.list(r, ns.metadata.name)) {
        left++;
        if (!o.metadata.deletionTimestamp) ctx.store.delete(r, ns.metadata.name, o.metadata.name);
      }
    }
    // The namespace stays Terminating while anything in it waits for its finalizers.
    if (left === 0) ctx.store.update(resource('Namespace'), { ...ns, spec: { ...ns.spec, finalizers: [] } });
  }
}
