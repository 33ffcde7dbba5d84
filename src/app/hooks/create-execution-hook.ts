import { AppError } from '../../domain/errors.ts';
import type { ExecutionHook } from '../../domain/execution-hook.ts';
import type { AppDeps } from '../deps.ts';
import { assertHooksEnabled } from './assert-hooks-enabled.ts';
import { ensureBuiltinHooks } from './ensure-builtin-hooks.ts';
import { validateHookInput, type ExecutionHookInput, type HookActor } from './validate-hook-input.ts';

/**
 * Creates a custom execution hook (Astra N-1/N-6). NetApp-provided hooks come with Capstan and cannot be created
 * (problems/73). The name is unique across all hooks of the account, NetApp-provided ones included (NAME_TAKEN).
 */
export async function createExecutionHook(deps: AppDeps, actor: HookActor, input: ExecutionHookInput): Promise<ExecutionHook> {
  await ensureBuiltinHooks(deps, actor.accountId);
  if (input.hookType === 'netapp') {
    throw new AppError('NETAPP_HOOK_READ_ONLY', 'NetApp-provided execution hooks come with Capstan; create hooks with hookType "custom".', {
      errors: [{ pointer: '/body/hookType', detail: 'must be custom' }],
    });
  }
  const now = deps.clock.now();
  const hook: ExecutionHook = {
    id: deps.ids.newId(),
    accountId: actor.accountId,
    name: input.name,
    hookType: 'custom',
    applicationId: input.applicationId,
    action: input.action,
    stage: input.stage,
    matchingCriteria: input.matchingCriteria,
    hookSourceId: input.hookSourceId,
    arguments: input.arguments,
    enabled: input.enabled,
    description: input.description,
    failureMode: input.failureMode,
    timeoutMs: input.timeoutMs,
    schemaVersion: input.schemaVersion,
    labels: input.labels,
    createdBy: actor.tokenId,
    modifiedBy: null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await assertHooksEnabled(tx, actor.accountId);
    await validateHookInput(tx, actor.accountId, input);
    await tx.executionHooks.insert(hook);
  });
  return hook;
}
