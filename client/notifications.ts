/**
 * Notification channels (/api/v1/notification-channels): HTTP endpoints that hear about deploy records as they
 * finish, signed with Standard Webhooks headers. Admin to create, change, delete and test; any token reads. The
 * signing secret is returned by create only; the URL is shown only as its origin (`urlDisplay`).
 */
import { seg, type ApiTransport } from './transport.ts';
import type { Page, PageParams } from './types.ts';

export const NOTIFICATION_EVENTS = ['record.succeeded', 'record.failed', 'record.stopped'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export const NOTIFICATION_FORMATS = ['json', 'slack'] as const;
export type NotificationFormat = (typeof NOTIFICATION_FORMATS)[number];

export interface NotificationFilter {
  readonly origin?: 'api' | 'pipeline' | 'trigger-url' | 'image-push';
  readonly taskId?: string;
  readonly triggerId?: string;
  readonly clusterId?: string;
}

export interface NotificationChannel {
  readonly id: string;
  readonly name: string;
  /** The URL's origin; `/…` stands for its path and query, which are never shown. */
  readonly urlDisplay: string;
  readonly events: readonly NotificationEvent[];
  readonly format: NotificationFormat;
  readonly filter: NotificationFilter;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Returned by create only: `secret` (`whsec_…`) is not shown again. */
export interface CreatedNotificationChannel extends NotificationChannel {
  readonly secret: string;
}

export interface NotificationChannelInput {
  readonly name: string;
  /** Absolute http(s) URL; stored encrypted. */
  readonly url: string;
  /** Default: record.failed and record.stopped. */
  readonly events?: readonly NotificationEvent[];
  /** Default json. */
  readonly format?: NotificationFormat;
  readonly filter?: NotificationFilter;
  /** Default true. */
  readonly enabled?: boolean;
}

/** PATCH: only the fields given change; `filter: null` clears it. */
export type NotificationChannelChanges = Partial<Omit<NotificationChannelInput, 'filter'>> & { readonly filter?: NotificationFilter | null };

export interface QueuedTestNotification {
  readonly channelId: string;
  /** The webhook-id the receiver will see. */
  readonly messageId: string;
  readonly event: 'notification.test';
}

export interface NotificationDelivery {
  readonly id: string;
  /** The webhook-id: the same on every attempt of one message. */
  readonly messageId: string;
  readonly event: string;
  readonly recordId: string | null;
  readonly attempt: number;
  readonly outcome: 'delivered' | 'retrying' | 'failed' | 'skipped';
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  readonly at: string;
}

export class NotificationsApi {
  readonly #http: ApiTransport;
  constructor(http: ApiTransport) {
    this.#http = http;
  }

  create(input: NotificationChannelInput): Promise<CreatedNotificationChannel> {
    return this.#http.request('POST', '/notification-channels', { body: input });
  }
  list(page: PageParams = {}): Promise<Page<NotificationChannel>> {
    return this.#http.request('GET', '/notification-channels', { query: { limit: page.limit, cursor: page.cursor } });
  }
  get(id: string): Promise<NotificationChannel> { return this.#http.request('GET', `/notification-channels/${seg(id)}`); }
  /** PUT: the whole channel; omitted optional fields take their defaults. The secret stays. */
  replace(id: string, input: NotificationChannelInput): Promise<NotificationChannel> {
    return this.#http.request('PUT', `/notification-channels/${seg(id)}`, { body: input });
  }
  update(id: string, changes: NotificationChannelChanges): Promise<NotificationChannel> {
    return this.#http.request('PATCH', `/notification-channels/${seg(id)}`, { body: changes });
  }
  delete(id: string): Promise<void> { return this.#http.request('DELETE', `/notification-channels/${seg(id)}`); }
  /** Queues a signed `notification.test` message; its attempts appear in `deliveries`. */
  test(id: string): Promise<QueuedTestNotification> { return this.#http.request('POST', `/notification-channels/${seg(id)}/test`); }
  /** Delivery attempts, newest first. */
  deliveries(id: string, page: PageParams = {}): Promise<Page<NotificationDelivery>> {
    return this.#http.request('GET', `/notification-channels/${seg(id)}/deliveries`, { query: { limit: page.limit, cursor: page.cursor } });
  }
}
