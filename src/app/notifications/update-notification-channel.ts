import { notFound } from '../../domain/errors.ts';
import {
  displayUrl, normalizeEvents, normalizeFilter, parseChannelUrl,
  type NotificationChannel, type NotificationEvent, type NotificationFilter, type NotificationFormat,
} from '../../domain/notification-channel.ts';
import type { AppDeps } from '../deps.ts';

/** Fields left undefined keep their value; `filter: null` clears the filter. The secret never changes here. */
export interface NotificationChannelChanges {
  readonly name?: string | undefined;
  readonly url?: string | undefined;
  readonly events?: readonly NotificationEvent[] | undefined;
  readonly format?: NotificationFormat | undefined;
  readonly filter?: NotificationFilter | null | undefined;
  readonly enabled?: boolean | undefined;
}

/**
 * Changes a channel (PATCH; PUT passes every field). Record finishes committed after this see the new routing at
 * once (the finish path reads the channels in its own transaction); deliveries already queued are sent with the
 * channel as it is when they run. NOTIFICATION_CHANNEL_NOT_FOUND, NAME_TAKEN, or VALIDATION_FAILED as on create.
 */
export async function updateNotificationChannel(
  deps: Pick<AppDeps, 'store' | 'secrets' | 'clock'>,
  accountId: string,
  id: string,
  changes: NotificationChannelChanges,
): Promise<NotificationChannel> {
  const url = changes.url === undefined ? null : parseChannelUrl(changes.url);
  const events = changes.events === undefined ? undefined : normalizeEvents(changes.events);
  const filter = changes.filter === undefined ? undefined : normalizeFilter(changes.filter);
  return deps.store.transaction(async (tx) => {
    const current = await tx.notifications.get(accountId, id);
    if (!current) throw notFound('NOTIFICATION_CHANNEL_NOT_FOUND', 'Notification channel', id);
    const next: NotificationChannel = {
      ...current,
      name: changes.name ?? current.name,
      ...(url === null ? {} : { urlCiphertext: deps.secrets.seal(url.href), urlDisplay: displayUrl(url) }),
      events: events ?? current.events,
      format: changes.format ?? current.format,
      filter: filter ?? current.filter,
      enabled: changes.enabled ?? current.enabled,
      updatedAt: Math.max(deps.clock.now(), current.updatedAt + 1),
    };
    await tx.notifications.update(next);
    return next;
  });
}
