import { AppError, notFound, type FieldError } from '../../domain/errors.ts';
import type { ExecutionHook } from '../../domain/execution-hook.ts';
import type { AppDeps } from '../deps.ts';
import { assertHooksEnabled } from './assert-hooks-enabled.ts';
import { hookEtag } from './hook-etag.ts';
import { validateHookInput, type ExecutionHookInput, type HookActor } from './validate-hook-input.ts';

/** A PUT body: `schemaVersion` always; a field left out keeps its stored value (Astra requires only type and version). */
export type ExecutionHookReplacement = Partial<ExecutionHookInput> & {
  readonly schemaVersion: ExecutionHookInput['schemaVersion'];
  /** When the body names the resource's id, it must be this one. */
  readonly id?: string;
};

export interface ReplaceOptions {
  /** `If-Match`: the ETag the client last saw; `*` matches any. */
  readonly ifMatch?: string | undefined;
}

/**
 * Replaces a custom hook (Astra N-4/N-9: "preserving key values that are not user-modifiable"); it affects only
 * future actions. `id`, `hookType` and `appID` cannot change (409 problems/10); NetApp-provided hooks are
 * read-only (problems/73); a stale If-Match is ETAG_MISMATCH. Read, checks and write share one transaction.
 */
export async function replaceExecutionHook(
  deps: AppDeps, actor: HookActor, id: string, replacement: ExecutionHookReplacement, options: ReplaceOptions = {},
): Promise<ExecutionHook> {
  return deps.store.transaction(async (tx) => {
    await assertHooksEnabled(tx, actor.accountId);
    const current = await tx.executionHooks.get(actor.accountId, id);
    if (!current) throw notFound('RESOURCE_NOT_FOUND', 'Execution hook', id);
    if (current.hookType === 'netapp') {
      throw new AppError('NETAPP_HOOK_READ_ONLY', `Execution hook ${current.name} is NetApp-provided and read-only; switch it per application with an executionHookOverride.`);
    }
    if (options.ifMatch !== undefined && options.ifMatch !== '*' && unquote(options.ifMatch) !== hookEtag(current)) {
      throw new AppError('ETAG_MISMATCH', `Execution hook ${id} changed since the ETag in If-Match was read; GET it again.`);
    }
    const conflicts: FieldError[] = [];
    if (replacement.id !== undefined && replacement.id !== current.id) conflicts.push({ pointer: '/body/id', detail: `is ${current.id} and cannot change` });
    if (replacement.hookType !== undefined && replacement.hookType !== current.hookType) conflicts.push({ pointer: '/body/hookType', detail: `is ${current.hookType} and cannot change` });
    if (replacement.applicationId !== undefined && replacement.applicationId !== current.applicationId) {
      conflicts.push({ pointer: '/body/appID', detail: `is ${current.applicationId ?? 'unset'} and cannot change; create a hook for the other application` });
    }
    if (conflicts.length > 0) throw new AppError('FIELD_IMMUTABLE', conflicts.map((c) => `${c.pointer.slice(6)} ${c.detail}`).join('; '), { errors: conflicts });

    const input: ExecutionHookInput = {
      name: replacement.name ?? current.name,
      hookType: current.hookType,
      action: replacement.action ?? current.action,
      stage: replacement.stage ?? current.stage,
      matchingCriteria: replacement.matchingCriteria ?? current.matchingCriteria,
      hookSourceId: replacement.hookSourceId ?? current.hookSourceId,
      arguments: replacement.arguments ?? current.arguments,
      applicationId: current.applicationId ?? '',
      enabled: replacement.enabled ?? current.enabled,
      description: replacement.description ?? current.description,
      failureMode: replacement.failureMode ?? current.failureMode,
      timeoutMs: replacement.timeoutMs !== undefined ? replacement.timeoutMs : current.timeoutMs,
      schemaVersion: replacement.schemaVersion,
      labels: replacement.labels ?? current.labels,
    };
    await validateHookInput(tx, actor.accountId, input);
    const next: ExecutionHook = { ...current, ...input, hookType: current.hookType, applicationId: current.applicationId,
      modifiedBy: actor.tokenId, updatedAt: Math.max(deps.clock.now(), current.updatedAt + 1) };
    await tx.executionHooks.update(next);
    return next;
  });
}

function unquote(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}
