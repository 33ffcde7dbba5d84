import { AppError, notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { assertHooksEnabled } from './assert-hooks-enabled.ts';

/** Deletes a custom hook (Astra N-5/N-10): it no longer runs in future actions; runs already recorded stay. */
export async function deleteExecutionHook(deps: AppDeps, accountId: string, id: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    await assertHooksEnabled(tx, accountId);
    const hook = await tx.executionHooks.get(accountId, id);
    if (!hook) throw notFound('RESOURCE_NOT_FOUND', 'Execution hook', id);
    if (hook.hookType === 'netapp') {
      throw new AppError('NETAPP_HOOK_READ_ONLY', `Execution hook ${hook.name} is NetApp-provided and cannot be deleted; disable it per application with an executionHookOverride.`);
    }
    await tx.executionHooks.delete(accountId, id);
  });
}
