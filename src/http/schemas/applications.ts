import { Type } from 'typebox';
import type { Application } from '../../domain/application.ts';
import { DNS_LABEL } from '../../domain/label-selector.ts';
import { Timestamp, iso } from './common.ts';

export const ApplicationBody = Type.Object({
  name: Type.String({ pattern: DNS_LABEL, maxLength: 63, description: 'DNS label; also the default selector value.' }),
  clusterId: Type.String({ minLength: 1, maxLength: 64 }),
  namespace: Type.String({ pattern: DNS_LABEL, maxLength: 63 }),
  selector: Type.Optional(Type.String({ maxLength: 1024, description: 'Label selector; default app.kubernetes.io/instance=<name>.' })),
}, { additionalProperties: false });

export const ApplicationView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  clusterId: Type.String(),
  namespace: Type.String(),
  selector: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const ApplicationListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  clusterId: Type.Optional(Type.String({ maxLength: 64 })),
}, { additionalProperties: false });

export const WorkloadView = Type.Object({
  namespace: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  containers: Type.Array(Type.Object({ name: Type.String(), image: Type.String(), init: Type.Boolean() })),
  gitOpsOwner: Type.Union([Type.Object({
    tool: Type.Union([Type.Literal('Argo CD'), Type.Literal('Flux')]),
    source: Type.String({ description: 'What says so: the Application, Kustomization or HelmRelease, or the field manager.' }),
  }), Type.Null()], { description: 'The GitOps tool that reconciles this workload (its next sync may revert image changes made here), or null.' }),
});

export function applicationView(a: Application) {
  return { id: a.id, name: a.name, clusterId: a.clusterId, namespace: a.namespace, selector: a.selector,
    createdAt: iso(a.createdAt), updatedAt: iso(a.updatedAt) };
}
