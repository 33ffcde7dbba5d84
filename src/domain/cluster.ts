/** A Kubernetes cluster Capstan acts on. The kubeconfig is held only as secret-box ciphertext. */
export interface Cluster {
  /** `[a-z0-9-]{1,64}`; ACK's `cluster_id` and Tencent's `clusterId` on the vendor surfaces. */
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly kubeconfigCiphertext: string;
  /** API server URL read from the kubeconfig's current context; shown to operators, not a secret. */
  readonly server: string;
  readonly createdAt: number;
}

export const CLUSTER_ID_PATTERN = '^[a-z0-9-]{1,64}$';
