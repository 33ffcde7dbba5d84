import { invalid } from '../../domain/errors.ts';
import { isRegistryHost, isRepository } from '../../domain/image-push-event.ts';
import {
  DEFAULT_POLL_INTERVAL_S, compileTagPattern, normalizeRegistryUrl, registryHostOf, type WatchedRepository,
} from '../../domain/watched-repository.ts';
import type { AppDeps } from '../deps.ts';
import type { RegistryCredentials } from '../ports/registry-client.ts';
import { sealCredentials } from './registry-credentials.ts';
import { schedulePoll } from './schedule-poll.ts';

export interface CreateWatchedRepositoryInput {
  readonly accountId: string;
  readonly name: string;
  readonly registryUrl: string;
  readonly repository: string;
  readonly registryHost?: string | null | undefined;
  readonly tagPattern?: string | null | undefined;
  readonly intervalSeconds?: number | undefined;
  readonly enabled?: boolean | undefined;
  readonly credentials?: RegistryCredentials | null | undefined;
}

/**
 * Starts watching a repository: validates it (URL, repository name, RE2 tag pattern), seals the credentials, and
 * enqueues the first poll in the same transaction, so a watch never exists without its poll chain. The first poll
 * records the baseline and reports nothing; later polls report new tags and moved digests.
 */
export async function createWatchedRepository(deps: AppDeps, input: CreateWatchedRepositoryInput): Promise<WatchedRepository> {
  const registryUrl = normalizeRegistryUrl(input.registryUrl);
  if (!isRepository(input.repository)) {
    throw invalid('repository must be a repository path such as library/nginx.', [{ pointer: '/body/repository', detail: 'must be a repository path such as library/nginx' }]);
  }
  const registryHost = input.registryHost ?? registryHostOf(registryUrl);
  if (!isRegistryHost(registryHost)) {
    throw invalid('registryHost must be a host with an optional port.', [{ pointer: '/body/registryHost', detail: 'must be a host with an optional port' }]);
  }
  const tagPattern = input.tagPattern ?? null;
  if (tagPattern !== null) compileTagPattern(tagPattern);
  const now = deps.clock.now();
  const watch: WatchedRepository = {
    id: deps.ids.newId(),
    accountId: input.accountId,
    name: input.name,
    registryUrl,
    registryHost,
    repository: input.repository,
    tagPattern,
    intervalSeconds: input.intervalSeconds ?? DEFAULT_POLL_INTERVAL_S,
    enabled: input.enabled ?? true,
    credentialsCiphertext: input.credentials ? sealCredentials(deps.secrets, input.credentials) : null,
    tagState: null,
    lastPolledAt: null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.transaction(async (tx) => {
    await tx.watchedRepositories.insert(watch);
    if (watch.enabled) await schedulePoll(tx, watch, 0);
  });
  return watch;
}
