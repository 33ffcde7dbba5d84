import { AppError } from '../../domain/errors.ts';
import type { StoreRepos } from '../ports/store.ts';

/**
 * Astra answers every execution-hook and hook-source call with 403 problems/168 while the account's execution-hook
 * feature is switched off (seed-apis.md §4.3.12). Capstan's switch is on unless an admin turned it off.
 */
export async function assertHooksEnabled(store: Pick<StoreRepos, 'executionHooks'>, accountId: string): Promise<void> {
  if (!(await store.executionHooks.featureEnabled(accountId))) {
    throw new AppError('HOOKS_DISABLED', 'Execution hooks are switched off for this account; an admin can switch them on (PUT /api/v1/execution-hook-settings).');
  }
}
