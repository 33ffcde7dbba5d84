/**
 * Trigger URL tokens, ACK-style (seed-apis.md §1.3 item 2): a JWT `{clusterId, id, jti}` signed by Capstan. ACK
 * signs RS256; Capstan signs HS256 with a key derived from the master key for this one purpose
 * (SecretBox.mac), so the token needs no storage, is recomputed for every DescribeTrigger, and stops working as
 * soon as the trigger row is gone (the lookup by `jti` fails). No `exp`, like ACK's: delete = revoke.
 *
 * Verification is cheap and constant-time and happens before any database read or body parsing, so forged
 * tokens cost one HMAC.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Trigger } from '../../domain/trigger.ts';
import type { SecretBox } from '../ports/secret-box.ts';

export const TRIGGER_TOKEN_PURPOSE = 'ack-trigger-token';

export interface TriggerTokenClaims {
  readonly clusterId: string;
  /** ACK's decimal trigger id. */
  readonly id: string;
  readonly jti: string;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
/** Longer than any token Capstan makes (cluster ids ≤ 64, decimal ids ≤ 16, jti 32): refused unread. */
export const MAX_TOKEN_LENGTH = 1024;

export function signTriggerToken(secrets: SecretBox, trigger: Pick<Trigger, 'clusterId' | 'ackId' | 'jti'>): string {
  const claims: TriggerTokenClaims = { clusterId: trigger.clusterId, id: String(trigger.ackId), jti: trigger.jti };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${secrets.mac(TRIGGER_TOKEN_PURPOSE, input).toString('base64url')}`;
}

/** The claims of a token Capstan signed, or null for anything else (malformed, other header, bad signature). */
export function verifyTriggerToken(secrets: SecretBox, token: string): TriggerTokenClaims | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const dot1 = token.indexOf('.');
  const dot2 = token.lastIndexOf('.');
  if (dot1 < 0 || dot2 === dot1 || token.slice(0, dot1) !== HEADER) return null;
  const input = token.slice(0, dot2);
  const given = Buffer.from(token.slice(dot2 + 1), 'base64url');
  const expected = secrets.mac(TRIGGER_TOKEN_PURPOSE, input);
  // Length is not secret (it is fixed); timingSafeEqual throws on unequal lengths.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  // Signed by us, so the payload is ours; still read it defensively.
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(token.slice(dot1 + 1, dot2), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const { clusterId, id, jti } = (claims ?? {}) as Record<string, unknown>;
  if (typeof clusterId !== 'string' || typeof id !== 'string' || typeof jti !== 'string') return null;
  return { clusterId, id, jti };
}

/** Where a trigger is called: `{publicUrl}/hook/trigger?token=…` (ACK's form, §1.3 item 1). */
export function triggerUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/hook/trigger?token=${token}`;
}
