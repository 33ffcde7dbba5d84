import type { HookSource } from '../../domain/hook-source.ts';
import type { AppDeps } from '../deps.ts';
import { assertHooksEnabled } from './assert-hooks-enabled.ts';
import { ensureBuiltinHooks } from './ensure-builtin-hooks.ts';
import { hookSourceInput, type HookSourceInput } from './hook-source-input.ts';
import type { HookActor } from './validate-hook-input.ts';

/** Uploads a script (Astra N-11). Names are unique per account (NAME_TAKEN → problems/9, as NetApp's toolkit sees). */
export async function createHookSource(deps: AppDeps, actor: HookActor, input: HookSourceInput): Promise<HookSource> {
  await ensureBuiltinHooks(deps, actor.accountId);
  const { sourceMd5 } = hookSourceInput(input.source);
  const now = deps.clock.now();
  const source: HookSource = {
    id: deps.ids.newId(), accountId: actor.accountId, name: input.name, sourceType: input.sourceType, source: input.source,
    sourceMd5, private: false, preloaded: false, description: input.description, labels: input.labels,
    createdBy: actor.tokenId, modifiedBy: null, createdAt: now, updatedAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await assertHooksEnabled(tx, actor.accountId);
    await tx.hookSources.insert(source);
  });
  return source;
}
