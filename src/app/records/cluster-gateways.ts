import { connectCluster } from '../clusters/connect-cluster.ts';
import type { AppDeps } from '../deps.ts';
import type { KubeGateway } from '../ports/kube-gateway.ts';

/**
 * One gateway per cluster for the length of one record run: the kubeconfig is read and opened once per cluster,
 * and the gateway's discovery cache is shared by the record's steps. CLUSTER_NOT_FOUND when a cluster is gone.
 */
export class ClusterGateways {
  readonly #deps: AppDeps;
  readonly #accountId: string;
  readonly #open = new Map<string, Promise<KubeGateway>>();

  constructor(deps: AppDeps, accountId: string) {
    this.#deps = deps;
    this.#accountId = accountId;
  }

  get(clusterId: string): Promise<KubeGateway> {
    let gateway = this.#open.get(clusterId);
    if (!gateway) {
      gateway = connectCluster(this.#deps, this.#accountId, clusterId).then((c) => c.gateway);
      // A failed connection (store briefly down) is not remembered: the next step may try again.
      gateway.catch(() => this.#open.delete(clusterId));
      this.#open.set(clusterId, gateway);
    }
    return gateway;
  }
}
