import type { DeployRecord } from '../../domain/deploy-record.ts';
import {
  eventForState, NOTIFICATION_TIMEOUT_MS, TEST_EVENT,
  type DeliveryOutcome, type NotificationChannel, type NotificationDeliveryPayload,
} from '../../domain/notification-channel.ts';
import { recordEnvelope, recordSlackMessage, testEnvelope, testSlackMessage, type RecordMessageInput } from '../../domain/notification-message.ts';
import { isAppError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { NO_METRICS } from '../ports/app-metrics.ts';
import type { NotificationAttempt, NotificationSender } from '../ports/notification-sender.ts';

/** One attempt of a `notification.deliver` job, as the worker hands it over. */
export interface DeliveryJob {
  readonly accountId: string;
  readonly payload: NotificationDeliveryPayload;
  /** This attempt (1-based) and how many the job may have. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** When the job was queued: the `time` of a test message, so every attempt sends the same bytes. */
  readonly queuedAt: number;
  /** Aborted when the lease is lost or the worker stops for good. */
  readonly signal: AbortSignal;
}

export interface DeliveryOptions {
  readonly sender: NotificationSender;
  /** Base of the links in messages (CAPSTAN_PUBLIC_URL), without a trailing slash. */
  readonly publicUrl: string;
  /** Per-attempt timeout; default NOTIFICATION_TIMEOUT_MS. */
  readonly timeoutMs?: number;
}

export type DeliveryResult =
  | { readonly status: 'delivered'; readonly statusCode: number }
  /** Nothing was sent: the channel is gone, or disabled (a test is sent anyway). */
  | { readonly status: 'skipped'; readonly reason: string }
  /** Try again, after at least `retryAfterMs` when the receiver said so (Retry-After). */
  | { readonly status: 'retry'; readonly error: string; readonly retryAfterMs: number | null }
  /** Given up: a 4xx other than 408/429, a redirect, a vanished record, or the last attempt failed. */
  | { readonly status: 'failed'; readonly error: string };

/**
 * Sends one message to one channel (job kind `notification.deliver`) and logs the attempt on the channel.
 *
 * The body is built from the stored, final record each attempt (the same bytes each time, unless an older record of
 * the same trigger finished meanwhile and became the rollback target), signed with the
 * channel's secret under the Standard Webhooks headers; `webhook-id` is the message id from the payload, the same on
 * every attempt. A 2xx delivers. 408, 429, 5xx and no answer (refused, reset, timed out after 10 s) are retried
 * with the queue's backoff, honouring Retry-After within its cap; any other 4xx, and a 3xx (redirects are not
 * followed), fail at once. 410 Gone also disables the channel (Standard Webhooks: the endpoint is gone). Error texts
 * name the URL only by its display form and have its path and query cut, wherever the receiver echoed them.
 *
 * At least once: a worker lost between sending and recording sends again on the next attempt, with the same
 * `webhook-id`, which is what receivers dedupe on.
 */
export async function deliverNotification(deps: AppDeps, options: DeliveryOptions, job: DeliveryJob): Promise<DeliveryResult> {
  const { channelId, messageId, event, recordId } = job.payload;
  const channel = await deps.store.notifications.get(job.accountId, channelId);
  const metrics = deps.metrics ?? NO_METRICS;
  if (!channel) {
    metrics.notificationDelivery('skipped');
    return { status: 'skipped', reason: `notification channel ${channelId} no longer exists` };
  }
  // Every attempt that ends in a logged outcome is counted once; an attempt whose lease was lost logs and counts nothing.
  const log = (outcome: DeliveryOutcome, fields: { statusCode: number | null; error: string | null; durationMs: number }) => {
    metrics.notificationDelivery(outcome);
    return logAttempt(deps, channel, job, outcome, fields);
  };

  if (!channel.enabled && event !== TEST_EVENT) {
    const reason = 'the channel is disabled';
    await log('skipped', { statusCode: null, error: reason, durationMs: 0 });
    return { status: 'skipped', reason };
  }

  let body: string;
  if (event === TEST_EVENT || recordId === null) {
    body = JSON.stringify(channel.format === 'slack' ? testSlackMessage(channel) : testEnvelope(messageId, channel, job.queuedAt));
  } else {
    const record = await deps.store.records.get(job.accountId, recordId);
    if (!record || record.state === 'queued' || record.state === 'running') {
      const error = record ? `deploy record ${recordId} is not final` : `deploy record ${recordId} no longer exists`;
      await log('failed', { statusCode: null, error, durationMs: 0 });
      return { status: 'failed', error };
    }
    const input: RecordMessageInput = {
      event: eventForState(record.state), messageId, record, rollbackToRecordId: await rollbackTarget(deps, record), publicUrl: options.publicUrl,
    };
    body = JSON.stringify(channel.format === 'slack' ? recordSlackMessage(input) : recordEnvelope(input));
  }

  const url = deps.secrets.open(channel.urlCiphertext);
  const attempt = await options.sender.send({
    url, messageId, body, secret: deps.secrets.open(channel.secretCiphertext), timeoutMs: options.timeoutMs ?? NOTIFICATION_TIMEOUT_MS, signal: job.signal,
  });
  // The lease is gone: this attempt's outcome is discarded and the job runs again; log nothing for it.
  if (job.signal.aborted) return { status: 'retry', error: 'the attempt was interrupted', retryAfterMs: null };

  const verdict = classify(attempt, channel, url, deps.clock.now());
  const last = job.attempt >= job.maxAttempts;
  const statusCode = attempt.kind === 'answered' ? attempt.status : null;
  if (verdict.status === 'delivered') {
    await log('delivered', { statusCode, error: null, durationMs: attempt.durationMs });
    return { status: 'delivered', statusCode: statusCode ?? 0 };
  }
  if (verdict.status === 'retry' && !last) {
    await log('retrying', { statusCode, error: verdict.error, durationMs: attempt.durationMs });
    return verdict;
  }
  const error = verdict.status === 'retry' ? `${verdict.error} (gave up after ${job.attempt} attempts)` : verdict.error;
  if (verdict.status === 'failed' && verdict.disable) {
    await deps.store.notifications.update({ ...channel, enabled: false, updatedAt: Math.max(deps.clock.now(), channel.updatedAt + 1) })
      .catch(() => {}); // deleted meanwhile: nothing to disable
  }
  await log('failed', { statusCode, error, durationMs: attempt.durationMs });
  return { status: 'failed', error };
}

type Verdict =
  | { readonly status: 'delivered' }
  | { readonly status: 'retry'; readonly error: string; readonly retryAfterMs: number | null }
  | { readonly status: 'failed'; readonly error: string; readonly disable: boolean };

function classify(attempt: NotificationAttempt, channel: NotificationChannel, url: string, now: number): Verdict {
  const where = channel.urlDisplay;
  if (attempt.kind === 'unreachable') {
    return { status: 'retry', error: scrub(`${where} did not answer: ${attempt.error}`, url), retryAfterMs: null };
  }
  const { status } = attempt;
  if (status >= 200 && status < 300) return { status: 'delivered' };
  const answered = scrub(`${where} answered ${status}${attempt.bodyExcerpt === '' ? '' : `: ${attempt.bodyExcerpt}`}`, url);
  if (status === 408 || status === 429 || status >= 500) {
    return { status: 'retry', error: answered, retryAfterMs: retryAfterMs(attempt.retryAfter, now) };
  }
  if (status >= 300 && status < 400) {
    return { status: 'failed', error: scrub(`${where} answered ${status}, a redirect; redirects are not followed, so give the channel the final URL`, url), disable: false };
  }
  if (status === 410) return { status: 'failed', error: `${answered} (the receiver is gone; the channel was disabled)`, disable: true };
  return { status: 'failed', error: answered, disable: false };
}

/** Retry-After in ms: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1_000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Cuts the URL's path and query (which may be credentials: Slack's webhook URLs, `?token=`) from a text, wherever
 * they appear — receivers echo the request path in their error pages.
 */
function scrub(text: string, rawUrl: string): string {
  let out = text;
  let parsed: URL;
  try {
    parsed = new URL(rawUrl);
  } catch {
    return out;
  }
  const pieces = [parsed.href, `${parsed.pathname}${parsed.search}`, parsed.pathname, parsed.search.slice(1), decodeSafely(parsed.pathname)];
  for (const piece of pieces.filter((p) => p.length > 1).sort((a, b) => b.length - a.length)) out = out.replaceAll(piece, '/…');
  return out;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The record to offer a rollback to: the last one of the same task (else the same trigger) that succeeded and was
 * created before this one. Rolling back to it undoes this record. Null for records outside tasks and triggers, and
 * when nothing succeeded before.
 */
async function rollbackTarget(deps: Pick<AppDeps, 'store'>, record: DeployRecord): Promise<string | null> {
  const scope = record.taskId !== null ? { taskId: record.taskId } : record.triggerId !== null ? { triggerId: record.triggerId } : null;
  if (scope === null) return null;
  const page = await deps.store.records.list(record.accountId, { ...scope, state: 'succeeded', to: record.createdAt, limit: 5 });
  return page.items.find((r) => r.id !== record.id && (r.createdAt < record.createdAt || r.id < record.id))?.id ?? null;
}

async function logAttempt(
  deps: AppDeps,
  channel: NotificationChannel,
  job: DeliveryJob,
  outcome: DeliveryOutcome,
  fields: { statusCode: number | null; error: string | null; durationMs: number },
): Promise<void> {
  try {
    await deps.store.notifications.addDelivery({
      id: deps.ids.newOrderedId(), accountId: job.accountId, channelId: channel.id, messageId: job.payload.messageId,
      event: job.payload.event, recordId: job.payload.recordId, attempt: job.attempt, outcome, ...fields,
      error: fields.error === null ? null : clip(fields.error), at: deps.clock.now(),
    });
  } catch (error) {
    // The channel was deleted while we sent: its log went with it.
    if (isAppError(error) && error.code === 'NOTIFICATION_CHANNEL_NOT_FOUND') return;
    throw error;
  }
}

function clip(text: string): string {
  return text.length > 1_000 ? `${text.slice(0, 999)}…` : text;
}
