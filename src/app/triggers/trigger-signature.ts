/**
 * Optional second factor of a trigger call: a Standard Webhooks v1 signature (protocols-reliability.md §3.2,
 * W2/W3) over `{webhook-id}.{webhook-timestamp}.{raw body}` with the trigger's signing secret. The secret is not
 * stored: it is derived from the master key, the trigger id and its jti (SecretBox.mac), shown to the operator
 * when signing is turned on, and changes with nothing but the trigger itself (delete + create = new secret).
 *
 * Checks: all three headers present; id without `.` and ≤ 256 characters; timestamp within ±5 minutes of now
 * (W3); at least one `v1,<base64>` entry equal to ours, compared in constant time. The caller dedupes on
 * `webhook-id` (a replay inside the window returns the first record).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { Trigger } from '../../domain/trigger.ts';
import type { SecretBox } from '../ports/secret-box.ts';

export const TRIGGER_SIGNING_PURPOSE = 'ack-trigger-webhook-secret';
export const SIGNATURE_TOLERANCE_S = 5 * 60;

export interface SignedCall {
  readonly webhookId: string | undefined;
  readonly webhookTimestamp: string | undefined;
  readonly webhookSignature: string | undefined;
  readonly rawBody: Buffer;
  /** Epoch ms. */
  readonly now: number;
}

/** `whsec_` + base64 of 32 bytes, the Standard Webhooks secret format. */
export function triggerSigningSecret(secrets: SecretBox, trigger: Pick<Trigger, 'id' | 'jti'>): string {
  return `whsec_${secrets.mac(TRIGGER_SIGNING_PURPOSE, `${trigger.id}.${trigger.jti}`).toString('base64')}`;
}

/** Returns the verified `webhook-id`; throws SIGNATURE_INVALID / SIGNATURE_EXPIRED. */
export function verifyTriggerSignature(secrets: SecretBox, trigger: Pick<Trigger, 'id' | 'jti'>, call: SignedCall): string {
  const { webhookId: id, webhookTimestamp: timestamp, webhookSignature: signatures } = call;
  if (!id || !timestamp || !signatures) {
    throw new AppError('SIGNATURE_INVALID', 'This trigger requires webhook-id, webhook-timestamp and webhook-signature headers.');
  }
  if (id.length > 256 || id.includes('.') || !/^\d{1,12}$/.test(timestamp)) {
    throw new AppError('SIGNATURE_INVALID', 'The webhook-id or webhook-timestamp header is not valid.');
  }
  if (Math.abs(call.now / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_S) {
    throw new AppError('SIGNATURE_EXPIRED', 'The webhook-timestamp is more than 5 minutes from now.');
  }
  const key = secrets.mac(TRIGGER_SIGNING_PURPOSE, `${trigger.id}.${trigger.jti}`);
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(call.rawBody).digest();
  const matches = signatures.split(' ').some((entry) => {
    if (!entry.startsWith('v1,')) return false;
    const given = Buffer.from(entry.slice(3), 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new AppError('SIGNATURE_INVALID', 'No webhook-signature entry matches the request body.');
  return id;
}
