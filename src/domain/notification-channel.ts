/**
 * Outbound notifications (anchors.md §(c) rows 10 and 18, §(d) item 10): a channel is an HTTP endpoint that hears
 * about deploy records as they finish — a Standard Webhooks receiver (format `json`, signed) or a Slack incoming
 * webhook (format `slack`, signed too, which Slack ignores).
 *
 * Every record finish that matches an enabled channel becomes one durable `notification.deliver` job, written in
 * the transaction that makes the record final (outbox): a crash can neither lose a notification nor send one for a
 * finish that was rolled back. Delivery is at least once; the `webhook-id` header is the receiver's dedupe key and
 * stays the same across retries.
 *
 * Both the URL and the signing secret are sealed by the SecretBox: the secret because it is a credential, the URL
 * because it often is one too (Slack's incoming-webhook URLs, `?token=` receivers). The API shows the URL only
 * as `urlDisplay` (origin, the rest hidden).
 */
import type { DeployRecord, RecordOrigin, RecordState } from './deploy-record.ts';
import { invalid } from './errors.ts';

export const NotificationEvent = {
  recordSucceeded: 'record.succeeded',
  recordFailed: 'record.failed',
  recordStopped: 'record.stopped',
} as const;
export type NotificationEvent = (typeof NotificationEvent)[keyof typeof NotificationEvent];
export const NOTIFICATION_EVENTS: readonly NotificationEvent[] = Object.values(NotificationEvent);
/** What a channel hears when it names no events: every record that did not succeed. */
export const DEFAULT_NOTIFICATION_EVENTS: readonly NotificationEvent[] = ['record.failed', 'record.stopped'];
/** The type of the message `POST …/{id}/test` sends; never a subscribable event. */
export const TEST_EVENT = 'notification.test';
export type DeliveredEvent = NotificationEvent | typeof TEST_EVENT;

export const NotificationFormat = { json: 'json', slack: 'slack' } as const;
export type NotificationFormat = (typeof NotificationFormat)[keyof typeof NotificationFormat];
export const NOTIFICATION_FORMATS: readonly NotificationFormat[] = Object.values(NotificationFormat);

/** Optional narrowing; every field given must match (and). An empty filter matches every record. */
export interface NotificationFilter {
  readonly origin?: RecordOrigin;
  readonly taskId?: string;
  readonly triggerId?: string;
  /** Matches a record that acts on this cluster in any step (directly or through an application). */
  readonly clusterId?: string;
}

export interface NotificationChannel {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  /** SecretBox ciphertext of the target URL. */
  readonly urlCiphertext: string;
  /** The URL as shown: origin, and `/…` when it has a path or query (see displayUrl). */
  readonly urlDisplay: string;
  /** Non-empty, no duplicates, in NOTIFICATION_EVENTS order. */
  readonly events: readonly NotificationEvent[];
  readonly format: NotificationFormat;
  readonly filter: NotificationFilter;
  /** A disabled channel gets no new deliveries; queued ones are skipped. A test is sent anyway. */
  readonly enabled: boolean;
  /** SecretBox ciphertext of the `whsec_…` signing secret, shown once at creation. */
  readonly secretCiphertext: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What the finish path reads per enabled channel: enough to decide, nothing sealed. */
export type NotificationRoute = Pick<NotificationChannel, 'id' | 'events' | 'filter'>;

export const DeliveryOutcome = { delivered: 'delivered', retrying: 'retrying', failed: 'failed', skipped: 'skipped' } as const;
export type DeliveryOutcome = (typeof DeliveryOutcome)[keyof typeof DeliveryOutcome];

/** One attempt to deliver one message to one channel, as GET …/{id}/deliveries shows it. */
export interface NotificationDelivery {
  readonly id: string;
  readonly accountId: string;
  readonly channelId: string;
  /** The `webhook-id` header: the same for every attempt of one message. */
  readonly messageId: string;
  readonly event: DeliveredEvent;
  /** The record the message is about; null for a test. */
  readonly recordId: string | null;
  /** 1-based attempt of the delivery job. */
  readonly attempt: number;
  /** `retrying`: this attempt failed and another follows; `failed`: given up; `skipped`: not sent (channel disabled). */
  readonly outcome: DeliveryOutcome;
  /** The receiver's HTTP status; null when it never answered. */
  readonly statusCode: number | null;
  /** Why the attempt failed, safe to show (never the URL's path or query, never the secret). */
  readonly error: string | null;
  readonly durationMs: number;
  readonly at: number;
}

/** Job kind that sends one message to one channel; payload NotificationDeliveryPayload. */
export const NOTIFICATION_DELIVERY_JOB = 'notification.deliver';

export interface NotificationDeliveryPayload {
  readonly channelId: string;
  readonly messageId: string;
  readonly event: DeliveredEvent;
  readonly recordId: string | null;
}

/**
 * Attempts of one delivery job. With the worker's backoff (2 s doubling, capped at 5 min) the last one runs about
 * 45 minutes after the first; a receiver's Retry-After can stretch each wait up to the cap.
 */
export const NOTIFICATION_MAX_ATTEMPTS = 16;
/** Per-attempt timeout: the receiver must answer within it (GitHub's limit; Standard Webhooks suggests 15–30 s). */
export const NOTIFICATION_TIMEOUT_MS = 10_000;

export const MAX_CHANNEL_URL_LENGTH = 2_048;
const FILTER_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function eventForState(state: Extract<RecordState, 'succeeded' | 'failed' | 'stopped'>): NotificationEvent {
  return state === 'succeeded' ? 'record.succeeded' : state === 'failed' ? 'record.failed' : 'record.stopped';
}

/**
 * The message id for a record's notification to a channel: a record reaches one final state once, so the pair is
 * unique, and the id is the same however often the job runs. Ids must not contain `.` (Standard Webhooks signs
 * `{id}.{timestamp}.{body}`).
 */
export function recordMessageId(recordId: string, channelId: string): string {
  return `msg_${recordId}_${channelId.replaceAll('-', '')}`;
}

/**
 * Parses and checks a channel URL: absolute http(s), no user info (fetch refuses credentials in URLs; put them in
 * the path or query, where the sealed URL keeps them), at most MAX_CHANNEL_URL_LENGTH characters. VALIDATION_FAILED
 * names `pointer`.
 */
export function parseChannelUrl(raw: string, pointer = '/body/url'): URL {
  const refuse = (detail: string) => invalid(`url ${detail}.`, [{ pointer, detail }]);
  if (raw.length > MAX_CHANNEL_URL_LENGTH) throw refuse(`must be at most ${MAX_CHANNEL_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('must be an absolute http or https URL');
  if (url.username !== '' || url.password !== '') throw refuse('must not carry a user name or password');
  if (url.hash !== '') throw refuse('must not have a #fragment');
  return url;
}

/** `https://hooks.slack.com/…`: the origin, with the path and query (which may be credentials) hidden. */
export function displayUrl(url: URL): string {
  return url.pathname === '/' && url.search === '' ? url.origin : `${url.origin}/…`;
}

/** Events as given (or the default), deduplicated, in catalogue order; VALIDATION_FAILED for an empty list. */
export function normalizeEvents(events: readonly NotificationEvent[] | undefined, pointer = '/body/events'): NotificationEvent[] {
  if (events === undefined) return [...DEFAULT_NOTIFICATION_EVENTS];
  if (events.length === 0) throw invalid('events must name at least one event.', [{ pointer, detail: 'must name at least one event' }]);
  return NOTIFICATION_EVENTS.filter((e) => events.includes(e));
}

/** Drops empty fields; VALIDATION_FAILED for an id that cannot be one. */
export function normalizeFilter(filter: NotificationFilter | null | undefined, pointer = '/body/filter'): NotificationFilter {
  if (!filter) return {};
  const out: { -readonly [K in keyof NotificationFilter]: NotificationFilter[K] } = {};
  if (filter.origin !== undefined) out.origin = filter.origin;
  for (const key of ['taskId', 'triggerId', 'clusterId'] as const) {
    const value = filter[key];
    if (value === undefined) continue;
    if (!FILTER_ID.test(value)) throw invalid(`filter.${key} is not a valid id.`, [{ pointer: `${pointer}/${key}`, detail: 'is not a valid id' }]);
    out[key] = value;
  }
  return out;
}

/** What a record offers the filter; `clusterIds` only when some candidate filters by cluster (it may cost a read). */
export interface RecordRouting {
  readonly origin: RecordOrigin;
  readonly taskId: string | null;
  readonly triggerId: string | null;
}

/** The channel wants this event and every filter field other than clusterId matches. */
export function routeWants(route: NotificationRoute, event: NotificationEvent, record: RecordRouting): boolean {
  const f = route.filter;
  return route.events.includes(event)
    && (f.origin === undefined || f.origin === record.origin)
    && (f.taskId === undefined || f.taskId === record.taskId)
    && (f.triggerId === undefined || f.triggerId === record.triggerId);
}

/**
 * The clusters a record acts on that can be read from the record alone, and the applications whose cluster must
 * be looked up (application targets that have not reported workloads yet).
 */
export function recordClusters(record: Pick<DeployRecord, 'plan' | 'steps'>): { clusterIds: Set<string>; applicationIds: Set<string> } {
  const clusterIds = new Set<string>();
  const applicationIds = new Set<string>();
  for (const step of record.plan) {
    if (step.type === 'apply' || step.type === 'restore') clusterIds.add(step.clusterId);
    else if ('clusterId' in step.target) clusterIds.add(step.target.clusterId);
    else applicationIds.add(step.target.applicationId);
  }
  for (const step of record.steps) for (const w of step.workloads) clusterIds.add(w.clusterId);
  return { clusterIds, applicationIds };
}
