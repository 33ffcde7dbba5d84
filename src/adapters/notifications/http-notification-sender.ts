/**
 * NotificationSender over node:http/https. node:http rather than fetch: it never follows a redirect, and it has no
 * "bad port" list (fetch refuses ports such as 6000 or 6667, which a receiver may well use).
 *
 * Headers (Standard Webhooks v1, protocols-reliability.md §3.2): `webhook-id`, `webhook-timestamp` (this attempt's
 * Unix second), `webhook-signature: v1,<base64 HMAC-SHA256>` over `{id}.{timestamp}.{body}`, signed by the same code
 * that verifies Standard Webhooks deliveries (adapters/webhooks/standard-webhooks.ts). The timeout covers the whole
 * exchange; once the status line has arrived, a slow body only shortens the excerpt.
 */
import http from 'node:http';
import https from 'node:https';
import type { NotificationAttempt, NotificationSender, OutgoingNotification } from '../../app/ports/notification-sender.ts';
import { signStandardWebhook } from '../webhooks/standard-webhooks.ts';

const EXCERPT_BYTES = 512;

export interface HttpNotificationSenderOptions {
  /** Sent as User-Agent, e.g. `capstan/1.2.0`. */
  readonly userAgent?: string;
  /** Wall clock for `webhook-timestamp` (ms); tests may shift it. */
  readonly now?: () => number;
}

export class HttpNotificationSender implements NotificationSender {
  readonly #userAgent: string;
  readonly #now: () => number;

  constructor(options: HttpNotificationSenderOptions = {}) {
    this.#userAgent = options.userAgent ?? 'capstan';
    this.#now = options.now ?? Date.now;
  }

  send(n: OutgoingNotification): Promise<NotificationAttempt> {
    const timestamp = Math.floor(this.#now() / 1000);
    const body = Buffer.from(n.body, 'utf8');
    const headers = {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'user-agent': this.#userAgent,
      'webhook-id': n.messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(n.secret, n.messageId, timestamp, body),
    };
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const timeout = AbortSignal.timeout(n.timeoutMs);
    const signal = n.signal ? AbortSignal.any([timeout, n.signal]) : timeout;

    return new Promise((resolve) => {
      let settled = false;
      const settle = (attempt: NotificationAttempt) => {
        if (settled) return;
        settled = true;
        resolve(attempt);
      };
      const unreachable = (error: unknown) => settle({
        kind: 'unreachable', error: timeout.aborted ? `no answer within ${n.timeoutMs / 1000} s` : describe(error),
        timedOut: timeout.aborted, durationMs: elapsed(),
      });
      let target: URL;
      try {
        target = new URL(n.url);
      } catch {
        return unreachable(new Error('the URL is not valid'));
      }
      const transport = target.protocol === 'https:' ? https : http;
      let request: http.ClientRequest;
      try {
        request = transport.request(target, { method: 'POST', headers, signal }, (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          const answered = () => {
            settle({
              kind: 'answered', status: response.statusCode ?? 0, retryAfter: headerValue(response.headers['retry-after']),
              bodyExcerpt: excerpt(Buffer.concat(chunks)), durationMs: elapsed(),
            });
            response.destroy();
          };
          response.on('data', (chunk: Buffer) => {
            if (size < EXCERPT_BYTES) chunks.push(chunk);
            size += chunk.length;
            if (size >= EXCERPT_BYTES) answered();
          });
          response.on('end', answered);
          response.on('error', answered);
          response.on('close', answered);
        });
      } catch (error) {
        return unreachable(error);
      }
      request.on('error', unreachable);
      request.end(body);
    });
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/** The start of the answer as one line of printable text. */
function excerpt(bytes: Buffer): string {
  const text = bytes.subarray(0, EXCERPT_BYTES).toString('utf8').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** A socket error as `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8080`; never the request URL. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (error.name === 'AbortError') return 'the attempt was aborted';
  return code !== undefined && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
