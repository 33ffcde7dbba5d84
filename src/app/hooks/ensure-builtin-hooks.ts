import { createHash } from 'node:crypto';
import { isAppError } from '../../domain/errors.ts';
import { BUILTIN_HOOKS, BUILTIN_SOURCES } from '../../domain/execution-hook-builtins.ts';
import type { ExecutionHook } from '../../domain/execution-hook.ts';
import type { HookSource } from '../../domain/hook-source.ts';
import type { AppDeps } from '../deps.ts';
import type { Store } from '../ports/store.ts';
import { builtinId } from './builtin-id.ts';

// Accounts whose built-ins this process has seen in place, per store (tests open many stores).
const ensured = new WeakMap<Store, Set<string>>();

/**
 * Makes sure the account has the preloaded hook sources and NetApp-provided hooks (execution-hook-builtins.ts).
 * Idempotent and safe across replicas: ids are derived from the account, so a concurrent insert of the same row
 * fails as a duplicate and is ignored. Rows are only added, never overwritten (an operator's overrides refer to them).
 */
export async function ensureBuiltinHooks(deps: Pick<AppDeps, 'store' | 'clock'>, accountId: string): Promise<void> {
  const seen = ensured.get(deps.store) ?? new Set<string>();
  ensured.set(deps.store, seen);
  if (seen.has(accountId)) return;
  const last = BUILTIN_HOOKS.at(-1);
  if (last && (await deps.store.executionHooks.get(accountId, builtinId(accountId, last.key)))) {
    seen.add(accountId);
    return;
  }
  const now = deps.clock.now();
  for (const builtin of BUILTIN_SOURCES) {
    const source = Buffer.from(builtin.script, 'utf8').toString('base64');
    const row: HookSource = {
      id: builtinId(accountId, builtin.key), accountId, name: builtin.name, sourceType: 'script', source,
      sourceMd5: createHash('md5').update(source).digest('hex'), private: false, preloaded: true,
      description: builtin.description, labels: [], createdBy: null, modifiedBy: null, createdAt: now, updatedAt: now,
    };
    await ignoreDuplicate(deps.store.hookSources.insert(row));
  }
  for (const builtin of BUILTIN_HOOKS) {
    const hook: ExecutionHook = {
      id: builtinId(accountId, builtin.key), accountId, name: builtin.name, hookType: 'netapp', applicationId: null,
      action: 'snapshot', stage: 'pre', matchingCriteria: builtin.matchingCriteria,
      hookSourceId: builtinId(accountId, builtin.sourceKey), arguments: builtin.arguments, enabled: true,
      description: builtin.description, failureMode: 'soft', timeoutMs: null, schemaVersion: '1.3', labels: [],
      createdBy: null, modifiedBy: null, createdAt: now, updatedAt: now,
    };
    await ignoreDuplicate(deps.store.executionHooks.insert(hook));
  }
  seen.add(accountId);
}

async function ignoreDuplicate(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(isAppError(error) && (error.code === 'ID_TAKEN' || error.code === 'NAME_TAKEN'))) throw error;
  }
}
