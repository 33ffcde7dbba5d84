import { compileCriteria, selectTargets, type ContainerTarget } from '../../domain/container-criteria.ts';
import { isAppError } from '../../domain/errors.ts';
import type { ExecutionHook } from '../../domain/execution-hook.ts';
import { connectCluster } from '../clusters/connect-cluster.ts';
import type { AppDeps } from '../deps.ts';
import { listContainerTargets } from './list-container-targets.ts';

export interface HookMatches {
  readonly containers: readonly ContainerTarget[];
  /** The distinct images of those containers, in order of first appearance. */
  readonly images: readonly string[];
}

/**
 * Which containers the hook would run in if its action started now (Astra `matchingContainers` /
 * `matchingImages`, recomputed on every GET; DESIGN.md "preview exactly which containers it would touch"): the
 * application's running containers filtered by the hook's criteria. NetApp-provided hooks belong to no single
 * application: empty. Null when the cluster cannot be asked right now — a preview is not worth failing a read.
 */
export async function previewHookMatches(deps: AppDeps, hook: ExecutionHook): Promise<HookMatches | null> {
  if (hook.applicationId === null) return { containers: [], images: [] };
  const app = await deps.store.applications.get(hook.accountId, hook.applicationId);
  if (!app) return { containers: [], images: [] };
  try {
    const { gateway } = await connectCluster(deps, hook.accountId, app.clusterId);
    const containers = selectTargets(compileCriteria(hook.matchingCriteria), await listContainerTargets(gateway, app));
    return { containers, images: [...new Set(containers.map((c) => c.containerImage))] };
  } catch (error) {
    if (isAppError(error) && (error.kind === 'unavailable' || error.kind === 'upstream' || error.code === 'CLUSTER_NOT_FOUND')) return null;
    throw error;
  }
}
