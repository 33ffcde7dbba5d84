import type { AppDeps } from '../app/deps.ts';
import { deliverNotification, type DeliveryOptions } from '../app/notifications/deliver-notification.ts';
import type { NotificationDeliveryPayload } from '../domain/notification-channel.ts';
import type { JobHandler } from './job-handler.ts';

export type NotificationOptions = DeliveryOptions;

/**
 * `notification.deliver`: one attempt to send one message to one channel (app/notifications/deliver-notification.ts).
 * Delivered or skipped is a succeeded job; a retryable failure is a retryable job failure carrying the receiver's
 * Retry-After; a failure given up on is a failed job (its attempts are on the channel's delivery log).
 */
export function notificationDeliveryHandler(deps: AppDeps, options: NotificationOptions): JobHandler {
  return async (job, ctx) => {
    const payload = (job.payload ?? {}) as Partial<NotificationDeliveryPayload>;
    if (typeof payload.channelId !== 'string' || typeof payload.messageId !== 'string' || typeof payload.event !== 'string') {
      return { ok: false, error: 'payload has no channelId, messageId or event', retryable: false };
    }
    const result = await deliverNotification(deps, options, {
      accountId: job.accountId,
      payload: { channelId: payload.channelId, messageId: payload.messageId, event: payload.event, recordId: payload.recordId ?? null },
      attempt: job.attempts, maxAttempts: job.maxAttempts, queuedAt: job.createdAt, signal: ctx.signal,
    });
    switch (result.status) {
      case 'delivered':
      case 'skipped':
        return { ok: true, result };
      case 'retry':
        return { ok: false, error: result.error, retryable: true, retryAfterMs: result.retryAfterMs };
      case 'failed':
        return { ok: false, error: result.error, retryable: false };
    }
  };
}
