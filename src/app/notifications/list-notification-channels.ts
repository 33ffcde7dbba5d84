import type { NotificationChannel } from '../../domain/notification-channel.ts';
import type { AppDeps } from '../deps.ts';
import type { Page, PageQuery } from '../ports/store.ts';

/** The account's channels, newest first (never their secrets or full URLs: the views leave them out). */
export function listNotificationChannels(deps: Pick<AppDeps, 'store'>, accountId: string, page: PageQuery): Promise<Page<NotificationChannel>> {
  return deps.store.notifications.list(accountId, page);
}
