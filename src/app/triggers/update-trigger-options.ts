import { AppError } from '../../domain/errors.ts';
import type { Trigger } from '../../domain/trigger.ts';
import type { AppDeps } from '../deps.ts';

export interface TriggerOptionsChange {
  readonly requireSignature?: boolean | undefined;
  /** null removes the limit. */
  readonly rateLimitPerMinute?: number | null | undefined;
}

/**
 * Changes a trigger's hardening options (signature requirement, rate limit); its target and URL never change
 * (ACK has no update: delete and create to retarget or rotate). RESOURCE_NOT_FOUND when it does not exist.
 */
export async function updateTriggerOptions(deps: AppDeps, accountId: string, id: string, change: TriggerOptionsChange): Promise<Trigger> {
  const updated = await deps.store.triggers.update(accountId, id, {
    ...(change.requireSignature !== undefined ? { requireSignature: change.requireSignature } : {}),
    ...(change.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: change.rateLimitPerMinute } : {}),
    updatedAt: deps.clock.now(),
  });
  if (!updated) throw new AppError('RESOURCE_NOT_FOUND', `Trigger ${id} does not exist.`);
  return updated;
}
