import { notFound } from '../../domain/errors.ts';
import type { NotificationDelivery } from '../../domain/notification-channel.ts';
import type { AppDeps } from '../deps.ts';
import type { Page, PageQuery } from '../ports/store.ts';

/** Every delivery attempt to the channel, newest first; NOTIFICATION_CHANNEL_NOT_FOUND for an unknown channel. */
export async function listNotificationDeliveries(
  deps: Pick<AppDeps, 'store'>,
  accountId: string,
  channelId: string,
  page: PageQuery,
): Promise<Page<NotificationDelivery>> {
  if (!(await deps.store.notifications.get(accountId, channelId))) throw notFound('NOTIFICATION_CHANNEL_NOT_FOUND', 'Notification channel', channelId);
  return deps.store.notifications.listDeliveries(accountId, channelId, page);
}
