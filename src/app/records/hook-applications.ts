import type { Application } from '../../domain/application.ts';
import type { DeployRecord, DeployStep } from '../../domain/deploy-record.ts';
import { isAppError } from '../../domain/errors.ts';
import { matchesLabelSelector } from '../../domain/label-selector.ts';
import type { WorkloadRef } from '../../domain/workload.ts';
import type { AppDeps } from '../deps.ts';
import type { ClusterGateways } from './cluster-gateways.ts';
import { fillManifest } from './fill-placeholders.ts';
import { workloadOf } from './run-apply-step.ts';

type ApplyStep = Extract<DeployStep, { type: 'apply' }>;

/** A workload a step writes; `declared` are the labels an apply step's manifest gives it (null for other steps). */
interface Written {
  readonly clusterId: string;
  readonly ref: WorkloadRef;
  readonly declared: Readonly<Record<string, string>> | null;
}

/**
 * The applications whose execution hooks run around a record: those a step targets directly, and for steps that
 * write named workloads, every application of that cluster and namespace whose selector matches one of them.
 * - restart, set-image, restore, wait-rollout on one workload: the selector must match the workload now (asked of
 *   the API server, so selector semantics are exactly Kubernetes').
 * - apply: the Deployments, StatefulSets and DaemonSets in the manifest (filled with the record's params), in the
 *   step's cluster and namespace. The selector must match the live workload, or the labels the manifest declares
 *   for it (evaluated here with Kubernetes' semantics), since a workload the apply creates does not exist yet when
 *   the pre hooks run. The pre hooks then run in the application's existing pods; a brand-new application has
 *   none, so each of its custom hooks records an explicit "no containers matched" (skipped) run. A manifest that
 *   cannot be filled or parsed adds nothing: its step fails on that before it writes anything.
 */
export async function hookApplications(
  deps: Pick<AppDeps, 'store'>,
  record: DeployRecord,
  gateways: ClusterGateways,
  paramValues: () => ReadonlyMap<string, string>,
): Promise<string[]> {
  const ids = new Set<string>();
  const workloads: Written[] = [];
  for (const step of record.plan) {
    if (step.type === 'restore') workloads.push({ clusterId: step.clusterId, ref: step.workload, declared: null });
    else if (step.type === 'apply') workloads.push(...appliedWorkloads(step, paramValues));
    else if ('applicationId' in step.target) ids.add(step.target.applicationId);
    else workloads.push({ clusterId: step.target.clusterId, ref: step.target.workload, declared: null });
  }
  const appsByCluster = new Map<string, Application[]>();
  const selected = new Map<string, Promise<Set<string>>>();
  for (const { clusterId, ref, declared } of workloads) {
    let apps = appsByCluster.get(clusterId);
    if (!apps) appsByCluster.set(clusterId, (apps = await applicationsOf(deps, record.accountId, clusterId)));
    for (const app of apps.filter((a) => a.namespace === ref.namespace && !ids.has(a.id))) {
      if (declared !== null && matchesLabelSelector(app.selector, declared)) {
        ids.add(app.id);
        continue;
      }
      let names = selected.get(app.id);
      if (!names) selected.set(app.id, (names = selectedBy(gateways, app)));
      if ((await names).has(`${ref.kind}/${ref.name}`)) ids.add(app.id);
    }
  }
  return [...ids];
}

/** The workloads an apply step writes, with the labels its manifest declares for them. */
function appliedWorkloads(step: ApplyStep, paramValues: () => ReadonlyMap<string, string>): Written[] {
  let objects: Record<string, unknown>[];
  try {
    objects = fillManifest(step.manifest, paramValues());
  } catch (error) {
    if (isAppError(error)) return [];
    throw error;
  }
  const written: Written[] = [];
  for (const object of objects) {
    const metadata = (object['metadata'] ?? {}) as { namespace?: unknown; labels?: unknown };
    // An object naming another namespace fails the step before it is applied (run-apply-step.ts).
    if (metadata.namespace !== undefined && metadata.namespace !== step.namespace) continue;
    const target = workloadOf(step, object);
    if (target) written.push({ clusterId: target.clusterId, ref: target.ref, declared: stringLabels(metadata.labels) });
  }
  return written;
}

function stringLabels(labels: unknown): Record<string, string> {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) return {};
  return Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

async function applicationsOf(deps: Pick<AppDeps, 'store'>, accountId: string, clusterId: string): Promise<Application[]> {
  const all: Application[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.store.applications.list(accountId, { limit: 200, cursor, clusterId });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
}

async function selectedBy(gateways: ClusterGateways, app: Application): Promise<Set<string>> {
  const gateway = await gateways.get(app.clusterId);
  const workloads = await gateway.listWorkloads(app.namespace, app.selector);
  return new Set(workloads.map((w) => `${w.ref.kind}/${w.ref.name}`));
}
