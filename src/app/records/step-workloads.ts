import type { StepTarget } from '../../domain/deploy-record.ts';
import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { ClusterGateways } from './cluster-gateways.ts';
import type { TargetWorkload } from './step-run.ts';

/**
 * The workloads a step target names: the one workload, or every Deployment, StatefulSet and DaemonSet the
 * application's selector matches right now (the API server evaluates the selector, so its semantics are exactly
 * Kubernetes'). APPLICATION_NOT_FOUND when the application was deleted after the record was written.
 */
export async function stepWorkloads(
  deps: Pick<AppDeps, 'store'>,
  accountId: string,
  target: StepTarget,
  gateways: ClusterGateways,
): Promise<TargetWorkload[]> {
  if ('workload' in target) return [{ clusterId: target.clusterId, ref: target.workload }];
  const app = await deps.store.applications.get(accountId, target.applicationId);
  if (!app) throw notFound('APPLICATION_NOT_FOUND', 'Application', target.applicationId);
  const gateway = await gateways.get(app.clusterId);
  const found = await gateway.listWorkloads(app.namespace, app.selector);
  return found.map((w) => ({ clusterId: app.clusterId, ref: w.ref, containers: w.containers }));
}
