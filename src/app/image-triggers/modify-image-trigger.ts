import { notFound } from '../../domain/errors.ts';
import { normalizeRepository, type ImageTrigger } from '../../domain/image-trigger.ts';
import type { InvokeMethod } from '../../domain/image-trigger-condition.ts';
import type { WorkloadKind } from '../../domain/workload.ts';
import type { AppDeps } from '../deps.ts';
import { validateImageTrigger } from './validate-image-trigger.ts';

/** Only what is given changes (Tencent ModifyUpdateServiceTrigger: every field but the name is optional). */
export interface ImageTriggerChange {
  /** A rename (Tencent `newTriggerName`); old log rows keep the old name. */
  readonly name?: string | undefined;
  readonly repository?: string | undefined;
  readonly registryHost?: string | null | undefined;
  readonly method?: InvokeMethod | undefined;
  readonly expr?: string | undefined;
  readonly clusterId?: string | undefined;
  readonly clusterRegion?: number | undefined;
  readonly namespace?: string | undefined;
  readonly workloadKind?: WorkloadKind | undefined;
  readonly workloadName?: string | undefined;
  readonly containerName?: string | undefined;
  readonly pinDigest?: boolean | undefined;
  readonly allowDowngrade?: boolean | undefined;
}

/**
 * Changes a trigger, read and written in one transaction. A new method without an expression starts from an empty
 * one (so switching to `all` just works, and switching to `taglist` or `regex` asks for the expression); an
 * expression alone keeps the method. The result is validated as a whole, exactly as a create. Throws
 * RESOURCE_NOT_FOUND, VALIDATION_FAILED / CONDITION_REGEX_INVALID, NAME_TAKEN, CLUSTER_NOT_FOUND.
 */
export async function modifyImageTrigger(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  accountId: string,
  id: string,
  change: ImageTriggerChange,
): Promise<ImageTrigger> {
  return deps.store.transaction(async (tx) => {
    const current = await tx.imageTriggers.get(accountId, id);
    if (!current) throw notFound('RESOURCE_NOT_FOUND', 'Image trigger', id);
    const method = change.method ?? current.condition.method;
    const expr = change.expr ?? (method === current.condition.method ? current.condition.expr : '');
    const next: ImageTrigger = {
      ...current,
      name: change.name ?? current.name,
      repository: change.repository === undefined ? current.repository : normalizeRepository(change.repository),
      registryHost: change.registryHost === undefined ? current.registryHost : change.registryHost,
      condition: { method, expr },
      clusterId: change.clusterId ?? current.clusterId,
      clusterRegion: change.clusterRegion ?? current.clusterRegion,
      namespace: change.namespace ?? current.namespace,
      workloadKind: change.workloadKind ?? current.workloadKind,
      workloadName: change.workloadName ?? current.workloadName,
      containerName: change.containerName ?? current.containerName,
      pinDigest: change.pinDigest ?? current.pinDigest,
      allowDowngrade: change.allowDowngrade ?? current.allowDowngrade,
      updatedAt: Math.max(deps.clock.now(), current.updatedAt),
    };
    validateImageTrigger(next);
    await tx.imageTriggers.update(next);
    return next;
  });
}
