import type { ImageTrigger } from '../../domain/image-trigger.ts';
import { normalizeRepository } from '../../domain/image-trigger.ts';
import type { StoreRepos } from '../ports/store.ts';
import { compiledConditionFor } from './compiled-condition-for.ts';

export interface PushToMatch {
  readonly registryHost: string | null;
  readonly repository: string;
  /** Null for a push by digest alone: no tag, so no tag condition can hold and nothing fires. */
  readonly tag: string | null;
}

/**
 * The triggers a push fires (seed-apis.md §2.3 #2): every trigger of the pushed repository (read through the
 * repository index, so one push costs the repository's triggers, not the account's) whose registry host is unset
 * or equal to the push's, and whose tag condition holds for the pushed tag. Every match fires independently; there
 * is no priority. Oldest trigger first.
 */
export async function findMatchingTriggers(repos: Pick<StoreRepos, 'imageTriggers'>, accountId: string, push: PushToMatch): Promise<ImageTrigger[]> {
  const tag = push.tag;
  if (tag === null) return [];
  const candidates = await repos.imageTriggers.forRepository(accountId, normalizeRepository(push.repository));
  const host = push.registryHost?.toLowerCase() ?? null;
  return candidates.filter((trigger) =>
    (trigger.registryHost === null || host === null || trigger.registryHost.toLowerCase() === host)
    && compiledConditionFor(trigger.condition)?.matches(tag) === true);
}
