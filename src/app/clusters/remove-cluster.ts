import { AppError, notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';

/** Deletes a cluster and its sealed kubeconfig; refused (CLUSTER_IN_USE) while applications still point at it. */
export async function removeCluster(deps: AppDeps, accountId: string, clusterId: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const apps = await tx.applications.list(accountId, { limit: 1, clusterId });
    if (apps.items.length > 0) {
      throw new AppError('CLUSTER_IN_USE', `Cluster ${clusterId} still has applications; delete them first.`);
    }
    if (!(await tx.clusters.delete(accountId, clusterId))) throw notFound('CLUSTER_NOT_FOUND', 'Cluster', clusterId);
  });
}
