import { AppError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Deletes a trigger, which revokes its URL at once: the token is only a signed reference, and the hook looks the
 * trigger up on every call. Records it made stay (they carry the trigger id as history). RESOURCE_NOT_FOUND when
 * it does not exist.
 */
export async function removeTrigger(deps: AppDeps, accountId: string, id: string): Promise<void> {
  if (!(await deps.store.triggers.delete(accountId, id))) throw new AppError('RESOURCE_NOT_FOUND', `Trigger ${id} does not exist.`);
}
