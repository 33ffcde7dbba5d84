/** A named group of workloads in one namespace of one cluster, selected by labels (Astra app, ACK application). */
export interface Application {
  readonly id: string;
  readonly accountId: string;
  readonly clusterId: string;
  readonly name: string;
  readonly namespace: string;
  /** Kubernetes label selector text, e.g. `app.kubernetes.io/instance=shop`. */
  readonly selector: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The selector an application gets when none is given (the Helm/Kustomize instance label). */
export function defaultSelector(name: string): string {
  return `app.kubernetes.io/instance=${name}`;
}
