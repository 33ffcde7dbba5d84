import { AppError, notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { assertHooksEnabled } from './assert-hooks-enabled.ts';

/**
 * Deletes a hook source (Astra N-15): preloaded sources are read-only (problems/71) and a source that an execution
 * hook references stays until those hooks are changed or deleted (problems/72; the foreign key backs the check).
 */
export async function deleteHookSource(deps: AppDeps, accountId: string, id: string): Promise<void> {
  await deps.store.transaction(async (tx) => {
    await assertHooksEnabled(tx, accountId);
    const source = await tx.hookSources.get(accountId, id);
    if (!source) throw notFound('RESOURCE_NOT_FOUND', 'Hook source', id);
    if (source.preloaded) throw new AppError('READ_ONLY_RESOURCE', `Hook source ${source.name} is preloaded and read-only.`);
    const users = await tx.executionHooks.countBySource(accountId, id);
    if (users > 0) throw new AppError('RESOURCE_IN_USE', `Hook source ${source.name} is run by ${users} execution hook${users === 1 ? '' : 's'}; delete or change ${users === 1 ? 'it' : 'them'} first.`);
    await tx.hookSources.delete(accountId, id);
  });
}
