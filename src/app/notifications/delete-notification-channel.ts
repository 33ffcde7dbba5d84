import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Deletes a channel and its delivery log. Deliveries still queued for it find it gone and end without sending.
 * NOTIFICATION_CHANNEL_NOT_FOUND when it does not exist.
 */
export async function deleteNotificationChannel(deps: Pick<AppDeps, 'store'>, accountId: string, id: string): Promise<void> {
  if (!(await deps.store.notifications.delete(accountId, id))) throw notFound('NOTIFICATION_CHANNEL_NOT_FOUND', 'Notification channel', id);
}
