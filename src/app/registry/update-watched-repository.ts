import { invalid, notFound } from '../../domain/errors.ts';
import { isRegistryHost } from '../../domain/image-push-event.ts';
import { compileTagPattern, type WatchedRepository } from '../../domain/watched-repository.ts';
import type { AppDeps } from '../deps.ts';
import type { RegistryCredentials } from '../ports/registry-client.ts';
import { sealCredentials } from './registry-credentials.ts';
import { schedulePoll } from './schedule-poll.ts';

/** Fields left undefined keep their value; `null` clears the nullable ones (credentials, tagPattern). */
export interface WatchedRepositoryChanges {
  readonly name?: string | undefined;
  readonly registryHost?: string | undefined;
  readonly tagPattern?: string | null | undefined;
  readonly intervalSeconds?: number | undefined;
  readonly enabled?: boolean | undefined;
  readonly credentials?: RegistryCredentials | null | undefined;
}

/**
 * Changes a watch's settings. A new tag pattern resets the tag state, so the next poll is a fresh baseline instead
 * of reporting every newly tracked tag as a push. `updatedAt` always moves forward: a poll that read the old
 * settings then finds its write refused (recordPoll) and drops its findings. An enabled watch gets a poll
 * scheduled (folded into the queued one if its chain is alive; a new chain after it was disabled).
 */
export async function updateWatchedRepository(deps: AppDeps, accountId: string, id: string, changes: WatchedRepositoryChanges): Promise<WatchedRepository> {
  if (changes.registryHost !== undefined && !isRegistryHost(changes.registryHost)) {
    throw invalid('registryHost must be a host with an optional port.', [{ pointer: '/body/registryHost', detail: 'must be a host with an optional port' }]);
  }
  if (changes.tagPattern !== undefined && changes.tagPattern !== null) compileTagPattern(changes.tagPattern);
  return deps.store.transaction(async (tx) => {
    const current = await tx.watchedRepositories.get(accountId, id);
    if (!current) throw notFound('WATCHED_REPOSITORY_NOT_FOUND', 'Watched repository', id);
    const patternChanged = changes.tagPattern !== undefined && changes.tagPattern !== current.tagPattern;
    const next: WatchedRepository = {
      ...current,
      name: changes.name ?? current.name,
      registryHost: changes.registryHost ?? current.registryHost,
      tagPattern: changes.tagPattern === undefined ? current.tagPattern : changes.tagPattern,
      intervalSeconds: changes.intervalSeconds ?? current.intervalSeconds,
      enabled: changes.enabled ?? current.enabled,
      credentialsCiphertext: changes.credentials === undefined ? current.credentialsCiphertext
        : changes.credentials === null ? null : sealCredentials(deps.secrets, changes.credentials),
      tagState: patternChanged ? null : current.tagState,
      updatedAt: Math.max(deps.clock.now(), current.updatedAt + 1),
    };
    await tx.watchedRepositories.update(next);
    if (next.enabled) await schedulePoll(tx, next, 0);
    return next;
  });
}
