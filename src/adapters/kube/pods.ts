import type { V1Pod } from '@kubernetes/client-node';
import { AppError } from '../../domain/errors.ts';
import type { ContainerInfo, PodInfo, WorkloadInfo } from '../../app/ports/kube-gateway.ts';
import { gitOpsOwnerOfObject } from './gitops-marks.ts';
import type { KubeApi } from './kube-api.ts';
import type { KubeCallContext } from './errors.ts';
import { templateContainers } from './set-image.ts';
import { at, stringMap, str } from './unstructured.ts';
import { WORKLOAD_KINDS, listWorkloadObjects } from './workloads.ts';

/**
 * Listing pods and workloads for target selection (H2, H3) and hook previews. Pods go through the typed CoreV1Api:
 * only names, labels, phase, containers and volumes are read, all of which its model knows.
 */

export async function listPodObjects(api: KubeApi, namespace: string, labelSelector: string): Promise<V1Pod[]> {
  const ctx: KubeCallContext = {
    verb: 'list',
    resource: 'pods',
    namespace,
    badRequest: () => new AppError('SELECTOR_INVALID', `Label selector "${labelSelector}" is not valid.`),
  };
  const list = await api.call(ctx, (options) =>
    api.core.listNamespacedPod({ namespace, ...(labelSelector === '' ? {} : { labelSelector }) }, options),
  );
  return list.items;
}

export async function readPod(api: KubeApi, namespace: string, name: string): Promise<V1Pod> {
  const ctx: KubeCallContext = {
    verb: 'get',
    resource: 'pods',
    namespace,
    name,
    notFound: () => new AppError('RESOURCE_NOT_FOUND', `Pod ${namespace}/${name} does not exist.`),
  };
  return api.call(ctx, (options) => api.core.readNamespacedPod({ namespace, name }, options));
}

export async function listPods(api: KubeApi, namespace: string, labelSelector: string): Promise<PodInfo[]> {
  const pods = await listPodObjects(api, namespace, labelSelector);
  return pods.map((pod) => ({
    namespace: pod.metadata?.namespace ?? namespace,
    name: pod.metadata?.name ?? '',
    labels: { ...(pod.metadata?.labels ?? {}) },
    phase: pod.status?.phase ?? 'Unknown',
    containers: podContainers(pod),
  }));
}

/** Init containers first (they run first), then the app containers; ephemeral debug containers are not targets. */
export function podContainers(pod: V1Pod): ContainerInfo[] {
  const init = (pod.spec?.initContainers ?? []).map((c) => ({ name: c.name, image: c.image ?? '', init: true }));
  const app = (pod.spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image ?? '', init: false }));
  return [...init, ...app];
}

/** Deployments, StatefulSets and DaemonSets matching the selector, in that order and by name within a kind. */
export async function listWorkloads(api: KubeApi, namespace: string, labelSelector: string): Promise<WorkloadInfo[]> {
  const perKind = await Promise.all(
    WORKLOAD_KINDS.map(async (kind) => {
      const objects = await listWorkloadObjects(api, kind, namespace, labelSelector);
      return objects.map((obj) => ({
        ref: { namespace, kind, name: str(at(obj, 'metadata', 'name')) ?? '' },
        labels: stringMap(at(obj, 'metadata', 'labels')),
        containers: templateContainers(at(obj, 'spec', 'template')),
        gitOpsOwner: gitOpsOwnerOfObject(obj),
      }));
    }),
  );
  return perKind.flatMap((infos) => infos.sort((a, b) => a.ref.name.localeCompare(b.ref.name)));
}
