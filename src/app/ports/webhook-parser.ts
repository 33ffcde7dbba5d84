import { AppError } from '../../domain/errors.ts';
import type { ImagePushEvent, SenderType } from '../../domain/image-push-event.ts';

/**
 * The port every registry sender implements (aesthetics.md §8.7 #1, argocd-image-updater `pkg/webhook`): one
 * file per sender in src/adapters/webhooks verifies a delivery and turns it into ImagePushEvents; a sender's quirks
 * never leave its file. Parsers are pure: no HTTP framework, no store, no clock (the caller passes `now`).
 *
 * The receive protocol that drives a parser (`verifyAndParse`: authenticate, then media type, then JSON, then
 * shape) lives here too, so the use case that accepts deliveries depends on this port only.
 */

/** Node's IncomingHttpHeaders fits; names are matched case-insensitively. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface VerifyInput {
  readonly headers: WebhookHeaders;
  /** The exact bytes received: signatures are computed over them, never over re-serialised JSON (W2). */
  readonly rawBody: Buffer;
  /** The receiver's secret; null when the receiver relies on its unguessable URL alone (W4). */
  readonly secret: string | null;
  /** Epoch ms, for timestamp tolerance (W3). */
  readonly now: number;
}

/** What a receiver's secret is checked against. */
export const AuthScheme = {
  /** An HMAC over the raw body (GitHub, Nexus, JFrog signing, Standard Webhooks). */
  signature: 'signature',
  /** A static header the sender repeats verbatim on every delivery (Distribution, Harbor, ACR, ECR …). */
  sharedHeader: 'shared-header',
  /** The sender can send nothing secret (Docker Hub, Quay, Alibaba, Pub/Sub): the receiver URL is the credential. */
  receiverUrl: 'receiver-url',
} as const;
export type AuthScheme = (typeof AuthScheme)[keyof typeof AuthScheme];

export type VerifyResult =
  | { readonly ok: true; readonly by: AuthScheme }
  | { readonly ok: false; readonly error: AppError };

/** Non-push deliveries are acknowledged and ignored with a reason for the trigger log (D2), never an error. */
export type ParseResult =
  | { readonly kind: 'push'; readonly events: readonly ImagePushEvent[] }
  | { readonly kind: 'ignored'; readonly reason: string };

export interface WebhookParser {
  readonly sender: SenderType;
  /** Media types (without parameters) this sender delivers. */
  readonly contentTypes: readonly string[];
  /** How `verify` checks a configured secret. */
  readonly auth: AuthScheme;
  /** Never throws; a null secret always passes (`by: receiver-url`). */
  verify(input: VerifyInput): VerifyResult;
  /** Throws AppError VALIDATION_FAILED (with pointers) for a malformed push, never a TypeError. */
  parse(body: unknown, headers: WebhookHeaders): ParseResult;
}

/** Sender type → its parser (src/adapters/webhooks/senders.ts), injected into the use cases. */
export interface WebhookParsers {
  parserFor(sender: SenderType): WebhookParser;
}

/** First value of a header, case-insensitive; null when absent or empty. */
export function header(headers: WebhookHeaders, name: string): string | null {
  const wanted = name.toLowerCase();
  // Node hands over headers with lower-case names: try that key before walking them all.
  const exact = Object.hasOwn(headers, wanted) ? headers[wanted] : undefined;
  if (exact !== undefined) return firstValue(exact);
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined) return firstValue(value);
  }
  return null;
}

function firstValue(value: string | readonly string[]): string | null {
  const first = typeof value === 'string' ? value : value[0];
  return first === undefined || first === '' ? null : first;
}

/** `application/cloudevents+json; charset=utf-8` → `application/cloudevents+json`. */
export function mediaTypeOf(headers: WebhookHeaders): string | null {
  const value = header(headers, 'content-type');
  return value === null ? null : (value.split(';')[0] ?? '').trim().toLowerCase();
}

export function acceptsContentType(parser: WebhookParser, headers: WebhookHeaders): boolean {
  const mediaType = mediaTypeOf(headers);
  return mediaType !== null && parser.contentTypes.includes(mediaType);
}

/** JSON.parse of the raw bytes; a body that is not JSON is MALFORMED_BODY (400), not a crash. */
export function decodeJsonBody(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch (cause) {
    throw new AppError('MALFORMED_BODY', 'Webhook body is not valid JSON.', { cause });
  }
}

/**
 * The whole receive path for a delivery: authenticate before parsing (W1), then media type, JSON and shape. Throws
 * the AppError to answer with (401 SIGNATURE_* / TOKEN_*, 415, 400); the body size cap belongs to the caller.
 */
export function verifyAndParse(parser: WebhookParser, input: VerifyInput): ParseResult {
  const verdict = parser.verify(input);
  if (!verdict.ok) throw verdict.error;
  if (!acceptsContentType(parser, input.headers)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `A ${parser.sender} receiver accepts ${parser.contentTypes.join(', ')}.`);
  }
  return parser.parse(decodeJsonBody(input.rawBody), input.headers);
}
