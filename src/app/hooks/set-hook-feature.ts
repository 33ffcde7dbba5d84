import { AppError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';

/**
 * The account's execution-hook switch (Astra feature settings, seed-apis.md §4.3.12). Off: the Astra hook and
 * hook-source APIs answer 403 problems/168 and no hook runs. As in Astra, it can be switched off only once the
 * account has no custom hooks left (the NetApp-provided ones stay, inert). Capstan's default is on.
 */
export async function setHookFeature(deps: AppDeps, accountId: string, enabled: boolean): Promise<{ readonly enabled: boolean }> {
  await deps.store.transaction(async (tx) => {
    if (!enabled) {
      const page = await tx.executionHooks.list(accountId, { limit: 200 });
      const custom = page.items.filter((h) => h.hookType === 'custom').length;
      if (custom > 0 || page.nextCursor !== null) {
        throw new AppError('RESOURCE_IN_USE', `Delete the account's custom execution hooks first (${custom}${page.nextCursor ? '+' : ''} exist).`);
      }
    }
    await tx.executionHooks.setFeatureEnabled(accountId, enabled, deps.clock.now());
  });
  return { enabled };
}
