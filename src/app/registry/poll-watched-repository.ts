import { AppError, isAppError } from '../../domain/errors.ts';
import type { ImagePushEvent } from '../../domain/image-push-event.ts';
import {
  MAX_TRACKED_TAGS, compileTagPattern, diffTags, tracksTag, type TagChange, type TagDigests, type WatchedRepository,
} from '../../domain/watched-repository.ts';
import type { AppDeps } from '../deps.ts';
import type { RegistryRepositoryRef } from '../ports/registry-client.ts';
import { acceptPushes } from './accept-pushes.ts';
import { openCredentials } from './registry-credentials.ts';
import { schedulePoll } from './schedule-poll.ts';

export type PollOutcome =
  | { readonly status: 'gone' | 'disabled' }
  | { readonly status: 'polled'; readonly baseline: boolean; readonly tags: number; readonly changes: readonly TagChange[]; readonly accepted: number; readonly nextInMs: number }
  | { readonly status: 'superseded'; readonly nextInMs: number }
  | { readonly status: 'failed'; readonly error: string; readonly nextInMs: number };

/** HEAD requests in flight per poll: polite to the registry, still quick for a few hundred tags. */
const HEAD_CONCURRENCY = 4;

/**
 * One poll of a watched repository (the `registry.poll` job): list the tags, resolve each tracked tag's digest with
 * HEAD, and in one transaction record the new state, accept every new tag or moved digest as a RegistryEvent
 * (source `poll`, with its `image-push.match` job; a push a webhook already delivered is a duplicate by
 * (repository, tag, digest)) and schedule the next poll. The registry is asked outside the transaction.
 *
 * A registry failure is an outcome, not an error: it is recorded on the watch (`lastError`, the previous state
 * kept) and the next poll is scheduled — later if the registry asked for it with Retry-After. Only store failures
 * throw (the job retries). A watch whose settings changed during the poll keeps them: the findings are dropped.
 */
export async function pollWatchedRepository(deps: AppDeps, accountId: string, id: string, signal?: AbortSignal): Promise<PollOutcome> {
  const watch = await deps.store.watchedRepositories.get(accountId, id);
  if (!watch) return { status: 'gone' };
  if (!watch.enabled) return { status: 'disabled' };
  const intervalMs = watch.intervalSeconds * 1000;

  let observed: Observed;
  try {
    observed = await observe(deps, watch, signal);
  } catch (error) {
    // Cancelled (lease lost, worker stopping): write nothing; the job runs again.
    if (!isAppError(error) || error.kind === 'internal' || signal?.aborted) throw error;
    const nextInMs = Math.max(intervalMs, (error.retryAfterS ?? 0) * 1000);
    await deps.store.transaction(async (tx) => {
      await tx.watchedRepositories.recordPoll(accountId, id, watch.updatedAt, { lastPolledAt: deps.clock.now(), lastError: error.detail });
      await schedulePoll(tx, watch, nextInMs);
    });
    return { status: 'failed', error: error.detail, nextInMs };
  }

  const now = deps.clock.now();
  const changes = diffTags(watch.tagState, observed.state);
  return deps.store.transaction(async (tx) => {
    const recorded = await tx.watchedRepositories.recordPoll(accountId, id, watch.updatedAt, {
      tagState: observed.state, lastPolledAt: now, lastError: observed.warning,
    });
    await schedulePoll(tx, watch, intervalMs);
    if (!recorded) return { status: 'superseded', nextInMs: intervalMs };
    const pushes = changes.map((change) => toPush(watch, change, observed.mediaTypes.get(change.tag) ?? null));
    const accepted = await acceptPushes(deps, tx, { accountId, source: 'poll', sourceId: watch.id, receivedAt: now }, pushes);
    return {
      status: 'polled', baseline: watch.tagState === null, tags: Object.keys(observed.state).length, changes,
      accepted: accepted.filter((a) => a.created).length, nextInMs: intervalMs,
    };
  });
}

interface Observed {
  readonly state: TagDigests;
  readonly mediaTypes: ReadonlyMap<string, string | null>;
  /** Recorded as lastError although the poll succeeded: the listing was cut short. */
  readonly warning: string | null;
}

async function observe(deps: AppDeps, watch: WatchedRepository, signal: AbortSignal | undefined): Promise<Observed> {
  const ref: RegistryRepositoryRef = {
    registryUrl: watch.registryUrl,
    repository: watch.repository,
    credentials: watch.credentialsCiphertext === null ? null : openCredentials(deps.secrets, watch.credentialsCiphertext),
  };
  const pattern = watch.tagPattern === null ? null : compileTagPattern(watch.tagPattern);
  const listing = await deps.registry.listTags(ref, signal ? { signal } : {});
  const matching = [...new Set(listing.tags)].filter((tag) => tracksTag(pattern, tag)).sort();
  const tracked = matching.slice(0, MAX_TRACKED_TAGS);

  const state: Record<string, string> = {};
  const mediaTypes = new Map<string, string | null>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tracked.length) {
      const tag = tracked[next++] as string;
      const head = await deps.registry.headManifest(ref, tag, signal ? { signal } : {});
      // Deleted between the listing and the HEAD: not there, so not a push.
      if (head === null) continue;
      state[tag] = head.digest;
      mediaTypes.set(tag, head.mediaType);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEAD_CONCURRENCY, tracked.length) }, worker));

  const warnings: string[] = [];
  // The client stops paging at its cap (oci-registry-client.ts: 10,000 tags or 100 pages) so one huge repository
  // cannot eat its host's request budget; the cut is reported on the watch, never silent.
  if (listing.truncated) warnings.push(`the registry listed more than the ${listing.tags.length} tags Capstan reads in one poll; later tags are not seen`);
  if (matching.length > tracked.length) {
    warnings.push(`${matching.length} tags match; only the first ${MAX_TRACKED_TAGS} in tag order are tracked (narrow tagPattern)`);
  }
  if (signal?.aborted) throw new AppError('REGISTRY_UNAVAILABLE', 'The poll was cancelled.');
  return { state: sortedObject(state), mediaTypes, warning: warnings.length > 0 ? `Polled, but ${warnings.join('; ')}.` : null };
}

function toPush(watch: WatchedRepository, change: TagChange, mediaType: string | null): ImagePushEvent {
  return {
    // Polling reads the OCI distribution API, the protocol the `distribution` sender speaks too.
    sender: 'distribution',
    eventId: null,
    // A poll has no transport id; the (repository, tag, digest) rule dedupes it against webhook deliveries.
    dedupeKey: null,
    registryHost: watch.registryHost,
    repository: watch.repository,
    tag: change.tag,
    digest: change.digest,
    mediaType,
    // The registry API does not say when a tag was pushed; the event's receivedAt is when the poll saw it.
    pushedAt: null,
    actor: null,
  };
}

function sortedObject(record: Record<string, string>): TagDigests {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
