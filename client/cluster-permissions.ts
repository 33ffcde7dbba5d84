// Types of GET /api/v1/clusters/{id}/permissions: the K25 preflight of Capstan's own Kubernetes credentials.

export interface PermissionCheck {
  readonly verb: string;
  /** API group; '' for the core group. */
  readonly group: string;
  readonly resource: string;
  /** e.g. `exec` for `pods/exec`. */
  readonly subresource: string | null;
  readonly allowed: boolean;
  /** The cluster authorizer's explanation; null when it gave none (RBAC gives none for a denial). */
  readonly reason: string | null;
  /** The Capstan feature that fails without this permission. */
  readonly neededFor: string;
}

export interface ClusterPermissions {
  readonly clusterId: string;
  readonly namespace: string;
  /** Every check is allowed. */
  readonly allAllowed: boolean;
  readonly checks: readonly PermissionCheck[];
}

/** `pods/exec`, `deployments.apps`: how kubectl names a resource (`kubectl auth can-i create pods/exec`). */
export function permissionResource(check: Pick<PermissionCheck, 'group' | 'resource' | 'subresource'>): string {
  const resource = check.group === '' ? check.resource : `${check.resource}.${check.group}`;
  return check.subresource ? `${resource}/${check.subresource}` : resource;
}
