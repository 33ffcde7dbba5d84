// ControllerRevisions for StatefulSets and DaemonSets (k8s.io/kubernetes pkg/controller/history): one per
// distinct pod template, named <owner>-<hash>, data = a strategic merge patch replacing spec.template (what
// `kubectl rollout undo` sends back, reference §1.4), revision numbers increasing; re-using an old template
// moves that revision to the top.
import type { KubeObject, PodTemplate } from '../types.ts';
import { clone, isObject } from '../types.ts';
import { controllerRef, ownedBy, resource, templateHash, type ControllerContext } from './context.ts';

export interface Revision { name: string; hash: string }

export function ensureRevision(ctx: ControllerContext, owner: KubeObject, template: PodTemplate): Revision {
  const type = resource('ControllerRevision');
  const hash = templateHash(template);
  const name = `${owner.metadata.name}-${hash}`;
  const existing = ownedBy(ctx.store.list(type, owner.metadata.namespace), owner);
  const max = Math.max(0, ...existing.map((cr) => Number(cr.revision ?? 0)));
  const mine = existing.find((cr) => cr.metadata.name === name);
  if (!mine) {
    const selector = isObject(owner.spec?.selector) ? (owner.spec.selector.matchLabels as Record<string, string> | undefined) : undefined;
    ctx.store.create(type, {
      apiVersion: 'apps/v1', kind: 'ControllerRevision',
      metadata: {
        name, namespace: owner.metadata.namespace, uid: '', resourceVersion: '', creationTimestamp: '',
        labels: { ...selector, 'controller.kubernetes.io/hash': hash }, ownerReferences: [controllerRef(owner)],
      },
      data: { spec: { template: { ...clone(template), $patch: 'replace' } } },
      revision: max + 1,
    });
  } else if (Number(mine.revision ?? 0) < max) {
    ctx.store.update(type, { ...mine, revision: max + 1 });
  }
  return { name, hash };
}

/** The pod template a revision recorded, or undefined if that revision is gone. */
export function revisionTemplate(ctx: ControllerContext, owner: KubeObject, name: string): PodTemplate | undefined {
  const cr = ctx.store.get(resource('ControllerRevision'), owner.metadata.namespace ?? null, name);
  const data = cr?.data as { spec?: { template?: PodTemplate & { $patch?: string } } } | undefined;
  if (!data?.spec?.template) return undefined;
  const { $patch: _p, ...template } = data.spec.template;
  return template;
}
