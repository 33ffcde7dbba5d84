import {
  displayUrl, normalizeEvents, normalizeFilter, parseChannelUrl,
  type NotificationChannel, type NotificationEvent, type NotificationFilter, type NotificationFormat,
} from '../../domain/notification-channel.ts';
import type { AppDeps } from '../deps.ts';
import { newSigningSecret } from './notification-secret.ts';

export interface CreateNotificationChannelInput {
  readonly accountId: string;
  readonly name: string;
  readonly url: string;
  /** Default: every record that did not succeed (DEFAULT_NOTIFICATION_EVENTS). */
  readonly events?: readonly NotificationEvent[] | undefined;
  readonly format?: NotificationFormat | undefined;
  readonly filter?: NotificationFilter | null | undefined;
  readonly enabled?: boolean | undefined;
}

/**
 * Creates a channel with a new `whsec_…` signing secret and returns the secret: the only time it exists outside the
 * store, which keeps it (and the URL, often a credential itself) sealed. VALIDATION_FAILED for a URL that is not
 * absolute http(s), an empty event list or a malformed filter id; NAME_TAKEN for a name the account uses.
 */
export async function createNotificationChannel(
  deps: Pick<AppDeps, 'store' | 'secrets' | 'clock' | 'ids'>,
  input: CreateNotificationChannelInput,
): Promise<{ channel: NotificationChannel; secret: string }> {
  const url = parseChannelUrl(input.url);
  const secret = newSigningSecret();
  const now = deps.clock.now();
  const channel: NotificationChannel = {
    // Time-ordered: the list pages by (createdAt, id), so channels made in the same millisecond keep their order.
    id: deps.ids.newOrderedId(),
    accountId: input.accountId,
    name: input.name,
    urlCiphertext: deps.secrets.seal(url.href),
    urlDisplay: displayUrl(url),
    events: normalizeEvents(input.events),
    format: input.format ?? 'json',
    filter: normalizeFilter(input.filter),
    enabled: input.enabled ?? true,
    secretCiphertext: deps.secrets.seal(secret),
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.notifications.insert(channel);
  return { channel, secret };
}
