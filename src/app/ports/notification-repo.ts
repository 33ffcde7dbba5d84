import type { NotificationChannel, NotificationDelivery, NotificationRoute } from '../../domain/notification-channel.ts';
import type { Page, PageQuery } from './store.ts';

/** Notification channels and their delivery attempts (domain/notification-channel.ts). */
export interface NotificationRepo {
  /** NAME_TAKEN when the account already has a channel of that name; ID_TAKEN on a duplicate id. */
  insert(channel: NotificationChannel): Promise<void>;
  get(accountId: string, id: string): Promise<NotificationChannel | null>;
  /** Newest first, keyset-paged. */
  list(accountId: string, page: PageQuery): Promise<Page<NotificationChannel>>;
  /** Replaces every field but id, account and createdAt. NOTIFICATION_CHANNEL_NOT_FOUND, or NAME_TAKEN. */
  update(channel: NotificationChannel): Promise<void>;
  /** Deletes the channel and its delivery attempts; false when it did not exist. */
  delete(accountId: string, id: string): Promise<boolean>;
  /**
   * The routing fields of the account's enabled channels: what a record finish reads, inside its transaction, to
   * decide which channels hear about it. One indexed read; nothing sealed is read.
   */
  enabledRoutes(accountId: string): Promise<NotificationRoute[]>;
  /** Appends one attempt. NOTIFICATION_CHANNEL_NOT_FOUND when the channel was deleted meanwhile. */
  addDelivery(delivery: NotificationDelivery): Promise<void>;
  /** The channel's attempts, newest first, keyset-paged. */
  listDeliveries(accountId: string, channelId: string, page: PageQuery): Promise<Page<NotificationDelivery>>;
  /**
   * Retention: deletes up to `limit` (at most MAX_PRUNE_BATCH) attempts made before `before` (epoch ms), every
   * channel's oldest first, in one transaction; returns how many. Channels themselves are never pruned.
   */
  pruneDeliveries(before: number, limit: number): Promise<number>;
}
