import type { ImagePushEvent } from './image-push-event.ts';

/**
 * A push Capstan has accepted, from a receiver's webhook delivery or from polling a watched repository. It is
 * persisted before the sender gets its 2xx (W-rules: the Distribution registry retries and blocks on non-2xx),
 * then matched against image triggers by the `image-push.match` job.
 */
export interface RegistryEvent {
  readonly id: string;
  readonly accountId: string;
  readonly source: 'webhook' | 'poll';
  /** The receiver (webhook) or watched repository (poll) it came through. */
  readonly sourceId: string;
  readonly push: ImagePushEvent;
  readonly receivedAt: number;
}

/** Job kind that matches one RegistryEvent against the image triggers; payload `{ eventId }`. */
export const IMAGE_PUSH_MATCH_JOB = 'image-push.match';

export interface ImagePushMatchPayload {
  readonly eventId: string;
}
