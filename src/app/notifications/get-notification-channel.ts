import { notFound } from '../../domain/errors.ts';
import type { NotificationChannel } from '../../domain/notification-channel.ts';
import type { AppDeps } from '../deps.ts';

/** NOTIFICATION_CHANNEL_NOT_FOUND when the account has no such channel. */
export async function getNotificationChannel(deps: Pick<AppDeps, 'store'>, accountId: string, id: string): Promise<NotificationChannel> {
  const channel = await deps.store.notifications.get(accountId, id);
  if (!channel) throw notFound('NOTIFICATION_CHANNEL_NOT_FOUND', 'Notification channel', id);
  return channel;
}
