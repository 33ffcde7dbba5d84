import { AuthScheme, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { type ImagePushEvent } from '../../domain/image-push-event.ts';
import { checkNothing } from './auth-checks.ts';
import { readReference, readRepository, readTag } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { ignored, pushed } from './webhook-parser.ts';

/**
 * Quay.io / Red Hat Quay repository notifications, "Repository Push". Sources: quay/quay-docs
 * modules/repository-events.adoc; quay/quay notifications/notificationmethod.py and notificationevent.py.
 *
 * Auth: Quay can send no header or signature (only an mTLS client certificate, which terminates before us), so
 * the receiver URL is the credential (W4).
 *
 * Quay posts only the event data, with no event type anywhere: a push is recognised by `updated_tags`. Build
 * events carry `docker_tags` and `build_id` instead and are ignored. `updated_tags` is a list (one event per tag);
 * a 2013 variant sent an object `{tag: imageId}`, also accepted. There is no digest, pusher, time or id, so there
 * is no dedupe key. `name` and `homepage` are unreliable in the published sample and are not read.
 */
export const quay: WebhookParser = {
  sender: 'quay',
  contentTypes: ['application/json'],
  auth: AuthScheme.receiverUrl,
  verify: () => checkNothing(),
  parse(body) {
    const root = PayloadNode.body(body).object();
    const updated = root.get('updated_tags');
    if (!updated.isPresent()) return ignored('not a repository push (no updated_tags)');
    // In the object form the key is the tag; its node keeps the pointer of that member.
    const tags = updated.isObject()
      ? updated.keys().map((key) => new PayloadNode(key, updated.get(key).pointer))
      : updated.items();
    if (tags.length === 0) return ignored('repository push without updated tags');
    const repository = readRepository(root.get('repository'));
    const url = root.get('docker_url');
    const registryHost = url.isPresent() ? readReference(url).host : null;
    return pushed(tags.map((tag): ImagePushEvent => ({
      sender: 'quay',
      eventId: null,
      dedupeKey: null,
      registryHost,
      repository,
      tag: readTag(tag) ?? tag.fail('must be a tag'),
      digest: null,
      mediaType: null,
      pushedAt: null,
      actor: null,
    })));
  },
};
