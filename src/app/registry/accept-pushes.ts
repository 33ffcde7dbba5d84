import type { ImagePushEvent } from '../../domain/image-push-event.ts';
import { IMAGE_PUSH_MATCH_JOB, type ImagePushMatchPayload, type RegistryEvent } from '../../domain/registry-event.ts';
import type { AppDeps } from '../deps.ts';
import type { StoreRepos } from '../ports/store.ts';

/** Where accepted pushes came from, shared by every push of one delivery or one poll. */
export interface PushOrigin {
  readonly accountId: string;
  readonly source: RegistryEvent['source'];
  /** The receiver (webhook) or watched repository (poll). */
  readonly sourceId: string;
  readonly receivedAt: number;
}

export interface AcceptedPush {
  readonly event: RegistryEvent;
  /** False when the push was a duplicate: `event` is then the one accepted first, and no job was enqueued. */
  readonly created: boolean;
}

/**
 * Persists pushes and, for each one not seen before, an `image-push.match` job, inside the caller's transaction
 * (D1: the event and its job commit together, before the sender is answered). Duplicates, by transport key or by
 * (repository, tag, digest), enqueue nothing (D3a).
 */
export async function acceptPushes(
  deps: Pick<AppDeps, 'ids'>,
  tx: StoreRepos,
  origin: PushOrigin,
  pushes: readonly ImagePushEvent[],
): Promise<AcceptedPush[]> {
  const accepted: AcceptedPush[] = [];
  for (const push of pushes) {
    const result = await tx.registryEvents.insertOnce({
      id: deps.ids.newOrderedId(),
      accountId: origin.accountId,
      source: origin.source,
      sourceId: origin.sourceId,
      push,
      receivedAt: origin.receivedAt,
    });
    if (result.created) {
      const payload: ImagePushMatchPayload = { eventId: result.event.id };
      // No job dedupe key: the event is new in this very transaction, so no job for it can exist yet.
      await tx.jobs.enqueue({ accountId: origin.accountId, kind: IMAGE_PUSH_MATCH_JOB, payload });
    }
    accepted.push(result);
  }
  return accepted;
}
