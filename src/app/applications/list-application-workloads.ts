import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { WorkloadInfo } from '../ports/kube-gateway.ts';
import { connectCluster } from '../clusters/connect-cluster.ts';

/** The Deployments, StatefulSets and DaemonSets an application's selector matches right now. */
export async function listApplicationWorkloads(deps: AppDeps, accountId: string, id: string): Promise<WorkloadInfo[]> {
  const app = await deps.store.applications.get(accountId, id);
  if (!app) throw notFound('APPLICATION_NOT_FOUND', 'Application', id);
  const { gateway } = await connectCluster(deps, accountId, app.clusterId);
  return gateway.listWorkloads(app.namespace, app.selector);
}
