/**
 * Sends one signed notification over HTTP (adapters/notifications/http-notification-sender.ts). The sender signs
 * with Standard Webhooks headers — `webhook-id`, `webhook-timestamp` (this attempt's second), `webhook-signature:
 * v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` — POSTs the body as `application/json`, follows no
 * redirect, and reports what happened; classifying the answer (retry or not) is the caller's business.
 */
export interface OutgoingNotification {
  readonly url: string;
  /** `webhook-id`: the same on every attempt of one message. */
  readonly messageId: string;
  /** Exact bytes to send and sign. */
  readonly body: string;
  /** `whsec_…` signing secret. */
  readonly secret: string;
  readonly timeoutMs: number;
  /** Aborts the attempt (the job's lease was lost or the worker stops). */
  readonly signal?: AbortSignal;
}

export type NotificationAttempt =
  | {
      readonly kind: 'answered';
      readonly status: number;
      /** The Retry-After header as sent, if any. */
      readonly retryAfter: string | null;
      /** The first characters of the answer's body, for the delivery log. */
      readonly bodyExcerpt: string;
      readonly durationMs: number;
    }
  | {
      /** No answer: refused, unresolvable, reset, or no answer within `timeoutMs`. */
      readonly kind: 'unreachable';
      /** Why, in a sentence without the URL's path or query. */
      readonly error: string;
      readonly timedOut: boolean;
      readonly durationMs: number;
    };

export interface NotificationSender {
  send(notification: OutgoingNotification): Promise<NotificationAttempt>;
}
