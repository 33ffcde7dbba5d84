import { AppError, notFound, type FieldError } from '../../domain/errors.ts';
import type { ExecutionHookOverride } from '../../domain/execution-hook.ts';
import type { AppDeps } from '../deps.ts';
import type { HookOverrideInput } from './create-hook-override.ts';
import { hookEtag } from './hook-etag.ts';
import type { ReplaceOptions } from './replace-execution-hook.ts';
import type { HookActor } from './validate-hook-input.ts';

/** Changes an override's `enabled` (Astra N-19); `executionHookID` and `id` cannot change (problems/10). */
export async function replaceHookOverride(
  deps: AppDeps, actor: HookActor, applicationId: string, id: string,
  replacement: Partial<HookOverrideInput> & { readonly id?: string }, options: ReplaceOptions = {},
): Promise<ExecutionHookOverride> {
  return deps.store.transaction(async (tx) => {
    const current = await tx.hookOverrides.get(actor.accountId, applicationId, id);
    if (!current) throw notFound('RESOURCE_NOT_FOUND', 'Execution hook override', id);
    if (options.ifMatch !== undefined && options.ifMatch !== '*' && options.ifMatch.replace(/^W\//, '').replaceAll('"', '') !== hookEtag(current)) {
      throw new AppError('ETAG_MISMATCH', `Execution hook override ${id} changed since the ETag in If-Match was read; GET it again.`);
    }
    const conflicts: FieldError[] = [];
    if (replacement.id !== undefined && replacement.id !== current.id) conflicts.push({ pointer: '/body/id', detail: `is ${current.id} and cannot change` });
    if (replacement.executionHookId !== undefined && replacement.executionHookId !== current.executionHookId) {
      conflicts.push({ pointer: '/body/executionHookID', detail: `is ${current.executionHookId} and cannot change` });
    }
    if (conflicts.length > 0) throw new AppError('FIELD_IMMUTABLE', 'The override names another hook; create a new override instead.', { errors: conflicts });
    const next: ExecutionHookOverride = {
      ...current,
      enabled: replacement.enabled ?? current.enabled,
      labels: replacement.labels ?? current.labels,
      modifiedBy: actor.tokenId,
      updatedAt: Math.max(deps.clock.now(), current.updatedAt + 1),
    };
    await tx.hookOverrides.update(next);
    return next;
  });
}
