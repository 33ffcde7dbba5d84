import { AppError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { AccessCheck } from '../ports/kube-gateway.ts';
import { connectCluster } from './connect-cluster.ts';

/**
 * K25 preflight: which of the permissions Capstan uses in a namespace its kubeconfig has, asked of the cluster's
 * own authorizer (one SelfSubjectAccessReview each), so a missing grant shows up before a deploy fails halfway
 * with a 403. Each answer is the same decision the API server makes on the real request.
 */

/** One permission Capstan uses in a target namespace and the feature that fails without it. */
export interface PermissionNeed {
  readonly verb: string;
  /** API group; '' for the core group. */
  readonly group: string;
  readonly resource: string;
  readonly subresource: string | null;
  readonly neededFor: string;
}

const WRITES = 'restart, set image and rollback';
const WORKLOAD_GET = 'restart, set image, rollback and rollout status';
const WORKLOAD_LIST = 'finding an application\'s workloads (application triggers, deploy steps, hook targets)';
const HOOKS = 'execution hooks';

/**
 * Exactly the verbs src/adapters/kube sends, which is the Role in deploy/rbac.yaml (reference §1.8 less what
 * Capstan never does: no `watch` (rollouts are polled with get), no ReplicaSet or ControllerRevision reads
 * (rollback restores the template Capstan recorded), no Events). Keep the three in step.
 */
export const NAMESPACE_PERMISSIONS: readonly PermissionNeed[] = [
  ...['deployments', 'statefulsets', 'daemonsets'].flatMap((resource) => [
    { verb: 'get', group: 'apps', resource, subresource: null, neededFor: WORKLOAD_GET },
    { verb: 'list', group: 'apps', resource, subresource: null, neededFor: WORKLOAD_LIST },
    { verb: 'patch', group: 'apps', resource, subresource: null, neededFor: WRITES },
  ]),
  { verb: 'get', group: '', resource: 'pods', subresource: null, neededFor: `${HOOKS} (the pod is read before each exec)` },
  { verb: 'list', group: '', resource: 'pods', subresource: null, neededFor: `${HOOKS} (target pods) and application snapshots` },
  // The exec WebSocket is a GET: authorized as `get` before Kubernetes 1.35 and also as `create` from 1.35 (§1.8).
  { verb: 'get', group: '', resource: 'pods', subresource: 'exec', neededFor: `${HOOKS} (exec, Kubernetes before 1.35)` },
  { verb: 'create', group: '', resource: 'pods', subresource: 'exec', neededFor: `${HOOKS} (exec, Kubernetes 1.35 and later)` },
  { verb: 'create', group: 'snapshot.storage.k8s.io', resource: 'volumesnapshots', subresource: null, neededFor: 'application snapshots' },
  { verb: 'get', group: 'snapshot.storage.k8s.io', resource: 'volumesnapshots', subresource: null, neededFor: 'application snapshots (waiting until ready)' },
];

export interface PermissionCheckResult extends PermissionNeed {
  readonly allowed: boolean;
  /** The cluster authorizer's explanation; null when it gave none (RBAC gives none for a denial). */
  readonly reason: string | null;
}

export interface ClusterPermissions {
  readonly clusterId: string;
  readonly namespace: string;
  readonly allAllowed: boolean;
  /** In the order of NAMESPACE_PERMISSIONS. */
  readonly checks: readonly PermissionCheckResult[];
}

/**
 * `namespace` must already be a DNS-1123 label (the HTTP schema checks it). CLUSTER_NOT_FOUND for an unknown
 * cluster; KUBE_UNAVAILABLE, with the reachability probe's error, when the cluster cannot be reached (probed
 * first, so a dead cluster answers within the probe's bound instead of after every review's retries);
 * KUBE_FORBIDDEN when the credentials may not even ask (or are rejected).
 */
export async function checkClusterPermissions(deps: AppDeps, accountId: string, clusterId: string, namespace: string): Promise<ClusterPermissions> {
  const { gateway } = await connectCluster(deps, accountId, clusterId);
  const reachability = await gateway.ping();
  if (!reachability.reachable) {
    throw new AppError('KUBE_UNAVAILABLE', `Cluster ${clusterId} cannot be reached: ${reachability.error ?? 'no answer'}`);
  }
  const decisions = await gateway.checkAccess(NAMESPACE_PERMISSIONS.map((need) => accessCheck(need, namespace)));
  const checks = NAMESPACE_PERMISSIONS.map((need, i) => {
    const decision = decisions[i];
    if (!decision) throw new AppError('INTERNAL', `The cluster answered ${decisions.length} of ${NAMESPACE_PERMISSIONS.length} access reviews.`);
    return { ...need, allowed: decision.allowed, reason: decision.reason };
  });
  return { clusterId, namespace, allAllowed: checks.every((c) => c.allowed), checks };
}

function accessCheck(need: PermissionNeed, namespace: string): AccessCheck {
  return { verb: need.verb, group: need.group, resource: need.resource, namespace, ...(need.subresource ? { subresource: need.subresource } : {}) };
}
