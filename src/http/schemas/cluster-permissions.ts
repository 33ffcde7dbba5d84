import { Type } from 'typebox';
import { DNS_LABEL } from '../../domain/label-selector.ts';

export const ClusterPermissionsQuery = Type.Object({
  namespace: Type.String({ pattern: DNS_LABEL, maxLength: 63, description: 'Namespace to check (DNS-1123 label), the one Capstan deploys to.' }),
}, { additionalProperties: false });

export const PermissionCheckView = Type.Object({
  verb: Type.String(),
  group: Type.String({ description: 'API group; empty for the core group.' }),
  resource: Type.String(),
  subresource: Type.Union([Type.String(), Type.Null()], { description: 'e.g. `exec` for `pods/exec`.' }),
  allowed: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'The cluster authorizer\'s explanation; RBAC gives none for a denial.' }),
  neededFor: Type.String({ description: 'The Capstan feature that fails without this permission.' }),
});

export const ClusterPermissionsView = Type.Object({
  clusterId: Type.String(),
  namespace: Type.String(),
  allAllowed: Type.Boolean({ description: 'Every check is allowed.' }),
  checks: Type.Array(PermissionCheckView, { description: 'One SelfSubjectAccessReview each, in a fixed order (the Role of deploy/rbac.yaml).' }),
});
