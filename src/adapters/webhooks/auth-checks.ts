import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthScheme, header, type VerifyInput, type VerifyResult } from '../../app/ports/webhook-parser.ts';
import { rejected, verified } from './webhook-parser.ts';

/**
 * The three ways a receiver's secret can be checked. Every comparison is constant-time (W2, W6): lengths are
 * compared first because `timingSafeEqual` throws on unequal lengths, and the length of a secret is not secret.
 */

export function safeEqual(actual: string, expected: string): boolean {
  const a = Buffer.from(actual, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hmac(algorithm: 'sha1' | 'sha256', key: Buffer | string, data: Buffer | string): Buffer {
  return createHmac(algorithm, key).update(data).digest();
}

/**
 * `<prefix><hex HMAC of the raw body>` in one header (GitHub `X-Hub-Signature-256: sha256=…`, Nexus
 * `X-Nexus-Webhook-Signature: …`). Hex is compared case-insensitively.
 */
export function checkHexHmacHeader(
  input: VerifyInput,
  spec: { readonly header: string; readonly algorithm: 'sha1' | 'sha256'; readonly prefix: string },
): VerifyResult {
  if (input.secret === null) return verified(AuthScheme.receiverUrl);
  const value = header(input.headers, spec.header);
  if (value === null) return rejected('SIGNATURE_INVALID', `The ${spec.header} header is missing.`);
  const expected = spec.prefix + hmac(spec.algorithm, input.secret, input.rawBody).toString('hex');
  return safeEqual(value.toLowerCase(), expected)
    ? verified(AuthScheme.signature)
    : rejected('SIGNATURE_INVALID', `The ${spec.header} signature does not match the body.`);
}

/**
 * A static header the sender repeats (Distribution `notifications.endpoints[].headers`, Harbor's "Auth Header",
 * ACR / Event Grid / TCR custom headers, an EventBridge API-destination connection). Accepted forms, so users can
 * configure whichever their registry offers: the secret verbatim, `Bearer <secret>`, or `Basic` with the secret as
 * password (any user name).
 */
export function checkSharedHeader(input: VerifyInput, name = 'authorization'): VerifyResult {
  if (input.secret === null) return verified(AuthScheme.receiverUrl);
  const value = header(input.headers, name);
  if (value === null) return rejected('TOKEN_MISSING', `The ${name} header is missing.`);
  return credentialsOf(value).some((candidate) => safeEqual(candidate, input.secret as string))
    ? verified(AuthScheme.sharedHeader)
    : rejected('TOKEN_INVALID', `The ${name} header does not match the receiver secret.`);
}

function credentialsOf(value: string): string[] {
  const match = /^(bearer|basic) +(\S+)$/i.exec(value.trim());
  if (match === null) return [value];
  const [, scheme, token] = match as unknown as [string, string, string];
  if (scheme.toLowerCase() === 'bearer') return [value, token];
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? [value] : [value, decoded.slice(colon + 1)];
}

/** Senders that cannot carry a secret: the unguessable receiver URL is the only credential (W4). */
export function checkNothing(): VerifyResult {
  return verified(AuthScheme.receiverUrl);
}
