import { notFound } from '../../domain/errors.ts';
import { NOTIFICATION_DELIVERY_JOB, NOTIFICATION_MAX_ATTEMPTS, TEST_EVENT, type NotificationDeliveryPayload } from '../../domain/notification-channel.ts';
import type { AppDeps } from '../deps.ts';

export interface QueuedTestNotification {
  readonly channelId: string;
  /** The `webhook-id` the receiver will see; its attempts appear under GET …/deliveries. */
  readonly messageId: string;
  readonly event: typeof TEST_EVENT;
}

/**
 * Queues a `notification.test` message to the channel, through the same durable job and delivery path as record
 * notifications (so it proves the URL, the signature and the format). Sent even when the channel is disabled: it was
 * asked for. NOTIFICATION_CHANNEL_NOT_FOUND for an unknown channel.
 */
export async function sendTestNotification(
  deps: Pick<AppDeps, 'store' | 'ids'>,
  accountId: string,
  channelId: string,
): Promise<QueuedTestNotification> {
  const messageId = `msg_test_${deps.ids.newId().replaceAll('-', '')}`;
  await deps.store.transaction(async (tx) => {
    if (!(await tx.notifications.get(accountId, channelId))) throw notFound('NOTIFICATION_CHANNEL_NOT_FOUND', 'Notification channel', channelId);
    await tx.jobs.enqueue({
      accountId, kind: NOTIFICATION_DELIVERY_JOB, maxAttempts: NOTIFICATION_MAX_ATTEMPTS,
      payload: { channelId, messageId, event: TEST_EVENT, recordId: null } satisfies NotificationDeliveryPayload,
    });
  });
  return { channelId, messageId, event: TEST_EVENT };
}
