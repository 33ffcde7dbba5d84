import type { Application } from '../../domain/application.ts';
import type { ContainerTarget } from '../../domain/container-criteria.ts';
import type { KubeGateway } from '../ports/kube-gateway.ts';

/**
 * The containers hooks can run in for one application, now (H2, H3): the app containers of its Running pods (init
 * containers have finished; pods that are pending, done or failed cannot be exec'd into), ordered by pod name,
 * then by the container's place in the pod, so runs and previews list them in a stable order.
 */
export async function listContainerTargets(gateway: KubeGateway, app: Application): Promise<ContainerTarget[]> {
  const pods = await gateway.listPods(app.namespace, app.selector);
  return pods
    .filter((pod) => pod.phase === 'Running')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((pod) => pod.containers.filter((c) => !c.init).map((c) => ({
      namespace: pod.namespace,
      podName: pod.name,
      podLabels: pod.labels,
      containerName: c.name,
      containerImage: c.image,
    })));
}
