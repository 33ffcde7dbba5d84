import { AppError, notFound } from '../../domain/errors.ts';
import type { ExecutionHookOverride, MetadataLabel } from '../../domain/execution-hook.ts';
import type { AppDeps } from '../deps.ts';
import { ensureBuiltinHooks } from './ensure-builtin-hooks.ts';
import type { HookActor } from './validate-hook-input.ts';

export interface HookOverrideInput {
  readonly executionHookId: string;
  readonly enabled: boolean;
  readonly labels: readonly MetadataLabel[];
}

/**
 * Switches a NetApp-provided hook on or off for one application (Astra N-16). Only `hookType: netapp` hooks take
 * overrides (a custom hook has its own `enabled`); one override per hook and application.
 */
export async function createHookOverride(deps: AppDeps, actor: HookActor, applicationId: string, input: HookOverrideInput): Promise<ExecutionHookOverride> {
  await ensureBuiltinHooks(deps, actor.accountId);
  const now = deps.clock.now();
  const override: ExecutionHookOverride = {
    id: deps.ids.newId(), accountId: actor.accountId, applicationId, executionHookId: input.executionHookId,
    enabled: input.enabled, labels: input.labels, createdBy: actor.tokenId, modifiedBy: null, createdAt: now, updatedAt: now,
  };
  await deps.store.transaction(async (tx) => {
    if (!(await tx.applications.get(actor.accountId, applicationId))) throw notFound('APPLICATION_NOT_FOUND', 'Application', applicationId);
    const hook = await tx.executionHooks.get(actor.accountId, input.executionHookId);
    if (!hook) {
      throw new AppError('RESOURCE_NOT_FOUND', `Execution hook ${input.executionHookId} does not exist.`, {
        errors: [{ pointer: '/body/executionHookID', detail: 'names no execution hook of this account' }],
      });
    }
    if (hook.hookType !== 'netapp') {
      throw new AppError('PARAM_INVALID', `Execution hook ${hook.name} is a custom hook; switch it with its own "enabled" field.`, {
        errors: [{ pointer: '/body/executionHookID', detail: 'must name a NetApp-provided (hookType netapp) execution hook' }],
      });
    }
    await tx.hookOverrides.insert(override);
  });
  return override;
}
