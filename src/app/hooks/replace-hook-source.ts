import { AppError, notFound, type FieldError } from '../../domain/errors.ts';
import type { HookSource } from '../../domain/hook-source.ts';
import type { AppDeps } from '../deps.ts';
import { assertHooksEnabled } from './assert-hooks-enabled.ts';
import { hookEtag } from './hook-etag.ts';
import { hookSourceInput, type HookSourceInput } from './hook-source-input.ts';
import type { ReplaceOptions } from './replace-execution-hook.ts';
import type { HookActor } from './validate-hook-input.ts';

export type HookSourceReplacement = Partial<HookSourceInput> & { readonly id?: string };

/**
 * Replaces a hook source (Astra N-14) and recomputes its checksum; every hook that runs it runs the new script
 * from its next action on. Preloaded sources are read-only (problems/71); `id` cannot change (problems/10).
 */
export async function replaceHookSource(
  deps: AppDeps, actor: HookActor, id: string, replacement: HookSourceReplacement, options: ReplaceOptions = {},
): Promise<HookSource> {
  return deps.store.transaction(async (tx) => {
    await assertHooksEnabled(tx, actor.accountId);
    const current = await tx.hookSources.get(actor.accountId, id);
    if (!current) throw notFound('RESOURCE_NOT_FOUND', 'Hook source', id);
    if (current.preloaded) throw new AppError('READ_ONLY_RESOURCE', `Hook source ${current.name} is preloaded and read-only.`);
    if (options.ifMatch !== undefined && options.ifMatch !== '*' && options.ifMatch.replace(/^W\//, '').replaceAll('"', '') !== hookEtag(current)) {
      throw new AppError('ETAG_MISMATCH', `Hook source ${id} changed since the ETag in If-Match was read; GET it again.`);
    }
    const conflicts: FieldError[] = [];
    if (replacement.id !== undefined && replacement.id !== current.id) conflicts.push({ pointer: '/body/id', detail: `is ${current.id} and cannot change` });
    if (conflicts.length > 0) throw new AppError('FIELD_IMMUTABLE', 'id cannot change.', { errors: conflicts });
    const source = replacement.source ?? current.source;
    const { sourceMd5 } = hookSourceInput(source);
    const next: HookSource = {
      ...current,
      name: replacement.name ?? current.name,
      sourceType: replacement.sourceType ?? current.sourceType,
      source,
      sourceMd5,
      description: replacement.description ?? current.description,
      labels: replacement.labels ?? current.labels,
      modifiedBy: actor.tokenId,
      updatedAt: Math.max(deps.clock.now(), current.updatedAt + 1),
    };
    await tx.hookSources.update(next);
    return next;
  });
}
