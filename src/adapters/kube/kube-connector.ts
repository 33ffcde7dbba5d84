import type { KubeConnector, KubeGateway, KubeconfigSummary } from '../../app/ports/kube-gateway.ts';
import { createKubeGateway, type KubeGatewayOptions } from './client-node-gateway.ts';
import { parseKubeconfig } from './kubeconfig.ts';

/**
 * KubeConnector over client-node: `inspect` validates a kubeconfig when a cluster is registered, `connect` builds a
 * gateway when a use case acts on it. Both throw AppError KUBECONFIG_INVALID for unusable text.
 */
export function createKubeConnector(options: KubeGatewayOptions = {}): KubeConnector {
  return {
    inspect: (kubeconfig: string): KubeconfigSummary => parseKubeconfig(kubeconfig),
    connect: (kubeconfig: string): KubeGateway => createKubeGateway(kubeconfig, options),
  };
}
