import { AuthScheme, header, type VerifyInput, type VerifyResult, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { hmac, safeEqual } from './auth-checks.ts';
import { readDigest, readHost, readRepository, readTag, readTime } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { ignored, pushed, rejected, verified } from './webhook-parser.ts';

/**
 * Standard Webhooks v1 (standard-webhooks/standard-webhooks spec/standard-webhooks.md; protocols-reliability.md
 * §3.2). No registry sends it yet; it is the signed format for anything else that announces a push (a CI job, a
 * mirror), and the scheme Capstan signs its own outgoing notifications with (D6).
 *
 * Auth: `webhook-signature` holds space-separated `v1,<base64 HMAC-SHA256>` entries (several during key rotation;
 * `v1a` ed25519 entries are skipped) over `{webhook-id}.{webhook-timestamp}.{raw body}`, keyed with the base64
 * secret after its `whsec_` prefix. A timestamp more than 5 minutes from `now` either way is refused (W3), as the
 * reference library does; `webhook-id` is the event id and dedupe key.
 *
 * Body: `{type, timestamp, data}`. Capstan reads `type: image.pushed` with
 * `data: {repository, tag?, digest?, registry?, pushedAt?, actor?}`; other types are ignored.
 */
export const standardWebhooks: WebhookParser = {
  sender: 'standard-webhooks',
  contentTypes: ['application/json'],
  auth: AuthScheme.signature,
  verify: verifyStandardWebhook,
  parse(body, headers) {
    const root = PayloadNode.body(body).object();
    const type = root.get('type').optString();
    if (type !== IMAGE_PUSHED) return ignored(`event type ${type ?? '(none)'} is not ${IMAGE_PUSHED}`);
    const data = root.get('data').object();
    const tag = readTag(data.get('tag'));
    const digest = readDigest(data.get('digest'));
    if (tag === null && digest === null) data.get('tag').fail('a push needs a tag or a digest');
    const id = header(headers, 'webhook-id');
    return pushed([{
      sender: 'standard-webhooks',
      eventId: id,
      dedupeKey: id,
      registryHost: readHost(data.get('registry')),
      repository: readRepository(data.get('repository')),
      tag,
      digest,
      mediaType: null,
      pushedAt: readTime(data.get('pushedAt')),
      actor: data.get('actor').optString(),
    }]);
  },
};

export const IMAGE_PUSHED = 'image.pushed';
export const TOLERANCE_S = 5 * 60;

/** `v1,<base64>` for one message; exported for tests and for signing our own outgoing webhooks. */
export function signStandardWebhook(secret: string, id: string, timestampS: number | string, rawBody: Buffer | string): string {
  const signed = Buffer.concat([Buffer.from(`${id}.${String(timestampS)}.`), Buffer.from(rawBody)]);
  return `v1,${hmac('sha256', secretKey(secret), signed).toString('base64')}`;
}

function verifyStandardWebhook(input: VerifyInput): VerifyResult {
  if (input.secret === null) return verified(AuthScheme.receiverUrl);
  const id = header(input.headers, 'webhook-id');
  const timestamp = header(input.headers, 'webhook-timestamp');
  const signatures = header(input.headers, 'webhook-signature');
  if (id === null || timestamp === null || signatures === null) return rejected('SIGNATURE_INVALID', 'A webhook-id, webhook-timestamp or webhook-signature header is missing.');
  // The id and timestamp must not contain `.`, or the signed content would be ambiguous.
  if (id.includes('.') || !/^\d{1,12}$/.test(timestamp)) return rejected('SIGNATURE_INVALID', 'The webhook-id or webhook-timestamp header is not valid.');
  const ageS = input.now / 1000 - Number(timestamp);
  if (Math.abs(ageS) > TOLERANCE_S) return rejected('SIGNATURE_EXPIRED', 'The webhook-timestamp is more than 5 minutes from now.');
  const expected = signStandardWebhook(input.secret, id, timestamp, input.rawBody);
  return signatures.split(' ').some((candidate) => safeEqual(candidate, expected))
    ? verified(AuthScheme.signature)
    : rejected('SIGNATURE_INVALID', 'No webhook-signature entry matches the body.');
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}
