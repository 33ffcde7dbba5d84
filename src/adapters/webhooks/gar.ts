import { AuthScheme, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { checkNothing } from './auth-checks.ts';
import { readReference, readTime, type ImageReference } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { ignored, pushed } from './webhook-parser.ts';

/**
 * Google Artifact Registry (and legacy Container Registry) notifications on the `gcr` Pub/Sub topic, delivered
 * by a push subscription. Sources: https://cloud.google.com/artifact-registry/docs/configure-notifications and
 * https://cloud.google.com/pubsub/docs/push.
 *
 * Auth: Pub/Sub push cannot send a shared secret. Its optional `Authorization: Bearer <Google-signed OIDC JWT>`
 * needs Google's signing keys to verify, which a pure parser cannot fetch, so the receiver URL is the credential
 * (W4) and the payload is a hint (W5).
 *
 * `message.data` is base64 JSON `{action, digest?, tag?}` with full references (`host/project/repo/image:tag`,
 * `…@sha256:…`). An upload is INSERT with a digest only (untagged); tagging is INSERT with digest and tag; DELETE is
 * ignored. Pub/Sub delivers at least once, so `messageId` is both the event id and the dedupe key.
 */
export const gar: WebhookParser = {
  sender: 'gar',
  contentTypes: ['application/json'],
  auth: AuthScheme.receiverUrl,
  verify: () => checkNothing(),
  parse(body) {
    const message = PayloadNode.body(body).object().get('message').object();
    const data = decodeData(message.get('data'));
    const action = data.get('action').string();
    if (action !== 'INSERT') return ignored(`Artifact Registry action ${action} is not an upload`);
    const byTag = data.get('tag').isPresent() ? readReference(data.get('tag')) : null;
    const byDigest = data.get('digest').isPresent() ? readReference(data.get('digest')) : null;
    const ref = sameImage(data, byTag, byDigest);
    const messageId = (message.get('messageId').isPresent() ? message.get('messageId') : message.get('message_id')).string();
    return pushed([{
      sender: 'gar',
      eventId: messageId,
      dedupeKey: messageId,
      registryHost: ref.host,
      repository: ref.repository,
      tag: byTag?.tag ?? null,
      digest: byDigest?.digest ?? null,
      mediaType: null,
      pushedAt: readTime(message.get('publishTime')),
      actor: null,
    }]);
  },
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Pub/Sub `message.data`: standard base64 of the JSON message; anything else is malformed, not ignored. */
function decodeData(node: PayloadNode): PayloadNode {
  const text = node.string();
  if (!BASE64.test(text) || text.length % 4 !== 0) node.fail('must be base64');
  try {
    return new PayloadNode(JSON.parse(Buffer.from(text, 'base64').toString('utf8')), node.pointer).object();
  } catch (cause) {
    if (cause instanceof SyntaxError) node.fail('must be base64 of a JSON object');
    throw cause;
  }
}

/** Tag and digest must name the same image; at least one is needed. */
function sameImage(data: PayloadNode, byTag: ImageReference | null, byDigest: ImageReference | null): ImageReference {
  const ref = byTag ?? byDigest ?? data.get('digest').fail('an INSERT needs a digest or a tag');
  if (byTag !== null && byDigest !== null && (byTag.host !== byDigest.host || byTag.repository !== byDigest.repository)) {
    data.get('tag').fail('must name the same image as digest');
  }
  if (byTag !== null && byTag.tag === null) data.get('tag').fail('must end in ":<tag>"');
  if (ref.host === null) (byTag ? data.get('tag') : data.get('digest')).fail('must start with the registry host');
  return ref;
}
