import type { ImageTrigger } from '../../domain/image-trigger.ts';
import { normalizeRepository } from '../../domain/image-trigger.ts';
import type { TagCondition } from '../../domain/image-trigger-condition.ts';
import type { WorkloadKind } from '../../domain/workload.ts';
import type { AppDeps } from '../deps.ts';
import { validateImageTrigger } from './validate-image-trigger.ts';

export interface ImageTriggerInput {
  readonly accountId: string;
  readonly name: string;
  readonly repository: string;
  readonly registryHost?: string | null | undefined;
  readonly condition: TagCondition;
  readonly clusterId: string;
  /** Tencent region code; 0 when not given. */
  readonly clusterRegion?: number | undefined;
  readonly namespace: string;
  /** Deployment when not given (Tencent 2.0 names only a "service"). */
  readonly workloadKind?: WorkloadKind | undefined;
  readonly workloadName: string;
  readonly containerName: string;
  /** True when not given: deploy `repo:tag@digest` whenever the push carries a canonical digest. */
  readonly pinDigest?: boolean | undefined;
  /**
   * False when not given: the no-downgrade guard is on. Callers that keep a vendor's fire-on-every-match semantics
   * (the Tencent surfaces) pass true.
   */
  readonly allowDowngrade?: boolean | undefined;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
}

/**
 * Creates an image trigger. Throws VALIDATION_FAILED / CONDITION_REGEX_INVALID for bad settings, NAME_TAKEN when
 * the account already has a trigger of that name, CLUSTER_NOT_FOUND when the cluster does not exist. The
 * repository is stored lower case (image references are).
 */
export async function createImageTrigger(deps: Pick<AppDeps, 'store' | 'clock' | 'ids'>, input: ImageTriggerInput): Promise<ImageTrigger> {
  const now = deps.clock.now();
  const trigger: ImageTrigger = {
    id: deps.ids.newId(),
    accountId: input.accountId,
    name: input.name,
    repository: normalizeRepository(input.repository),
    registryHost: input.registryHost ?? null,
    condition: { method: input.condition.method, expr: input.condition.expr },
    clusterId: input.clusterId,
    clusterRegion: input.clusterRegion ?? 0,
    namespace: input.namespace,
    workloadKind: input.workloadKind ?? 'Deployment',
    workloadName: input.workloadName,
    containerName: input.containerName,
    pinDigest: input.pinDigest ?? true,
    allowDowngrade: input.allowDowngrade ?? false,
    createdBy: input.createdBy,
    createdAt: now,
    updatedAt: now,
  };
  validateImageTrigger(trigger);
  await deps.store.imageTriggers.insert(trigger);
  return trigger;
}
