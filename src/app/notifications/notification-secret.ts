/**
 * Signing secrets of notification channels, in the Standard Webhooks form (protocols-reliability.md §3.2):
 * `whsec_` + base64 of 32 random bytes (the spec asks for 24 to 64). The receiver verifies with the same string; the
 * `whsec_` prefix also lets the log scrubber recognise a leaked secret by its shape.
 */
import { randomBytes } from 'node:crypto';

export const SIGNING_SECRET_PREFIX = 'whsec_';

export function newSigningSecret(): string {
  return SIGNING_SECRET_PREFIX + randomBytes(32).toString('base64');
}
