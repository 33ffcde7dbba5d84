import { REGISTRY_POLL_JOB, type RegistryPollPayload, type WatchedRepository } from '../../domain/watched-repository.ts';
import type { StoreRepos } from '../ports/store.ts';

/**
 * Enqueues the next `registry.poll` of a watch in the caller's transaction. One chain per watch: the serial key
 * keeps two polls of one watch from running at once (across replicas), and the coalesce key folds a second enqueue
 * into a poll that is still queued (its time stays), so settings changes and the running poll's own rescheduling
 * never start a second chain.
 */
export async function schedulePoll(tx: StoreRepos, watch: Pick<WatchedRepository, 'accountId' | 'id'>, delayMs: number): Promise<void> {
  const key = `${REGISTRY_POLL_JOB}:${watch.id}`;
  const payload: RegistryPollPayload = { watchedRepositoryId: watch.id };
  await tx.jobs.enqueue({
    accountId: watch.accountId,
    kind: REGISTRY_POLL_JOB,
    payload,
    serialKey: key,
    coalesceKey: key,
    // A poll that keeps failing is recorded on the watch and rescheduled by the handler itself; attempts only
    // count crashes and store outages, which must not end the chain early.
    maxAttempts: 20,
    delayMs: Math.max(0, Math.round(delayMs)),
  });
}
