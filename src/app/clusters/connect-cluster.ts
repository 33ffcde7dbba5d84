import { notFound } from '../../domain/errors.ts';
import type { Cluster } from '../../domain/cluster.ts';
import type { AppDeps } from '../deps.ts';
import type { KubeGateway } from '../ports/kube-gateway.ts';

/** Loads a cluster of the account and opens a gateway to it. CLUSTER_NOT_FOUND when it does not exist. */
export async function connectCluster(deps: AppDeps, accountId: string, clusterId: string): Promise<{ cluster: Cluster; gateway: KubeGateway }> {
  const cluster = await deps.store.clusters.get(accountId, clusterId);
  if (!cluster) throw notFound('CLUSTER_NOT_FOUND', 'Cluster', clusterId);
  return { cluster, gateway: deps.kube.connect(deps.secrets.open(cluster.kubeconfigCiphertext)) };
}

export interface Reachability {
  readonly reachable: boolean;
  readonly version: string | null;
  readonly error: string | null;
}

/** Probes the API server; a cluster that cannot be reached is reported, not thrown (KubeGateway.ping never throws). */
export async function probeCluster(deps: AppDeps, accountId: string, clusterId: string): Promise<{ cluster: Cluster; reachability: Reachability }> {
  const { cluster, gateway } = await connectCluster(deps, accountId, clusterId);
  return { cluster, reachability: await gateway.ping() };
}
