import type { Cluster } from '../../domain/cluster.ts';
import type { AppDeps } from '../deps.ts';

export interface RegisterClusterInput {
  readonly accountId: string;
  readonly id?: string | undefined;
  readonly name: string;
  readonly kubeconfig: string;
}

/**
 * Validates the kubeconfig (KUBECONFIG_INVALID when it is not one) and stores it sealed; the clear text never
 * reaches the store or a log. The cluster is not contacted here: reachability is reported on read.
 */
export async function registerCluster(deps: AppDeps, input: RegisterClusterInput): Promise<Cluster> {
  const summary = deps.kube.inspect(input.kubeconfig);
  const cluster: Cluster = {
    id: input.id ?? deps.ids.newId(),
    accountId: input.accountId,
    name: input.name,
    kubeconfigCiphertext: deps.secrets.seal(input.kubeconfig),
    server: summary.server,
    createdAt: deps.clock.now(),
  };
  await deps.store.clusters.insert(cluster);
  return cluster;
}
