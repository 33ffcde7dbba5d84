import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';

/** Deletes an override (Astra N-20): the NetApp-provided hook applies to the application again. */
export async function deleteHookOverride(deps: AppDeps, accountId: string, applicationId: string, id: string): Promise<void> {
  if (!(await deps.store.hookOverrides.delete(accountId, applicationId, id))) throw notFound('RESOURCE_NOT_FOUND', 'Execution hook override', id);
}
