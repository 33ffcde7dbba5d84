import { AuthScheme, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { isManifestMediaType, type ImagePushEvent } from '../../domain/image-push-event.ts';
import { checkSharedHeader } from './auth-checks.ts';
import { readDigest, readHost, readRepository, readTag, readTime } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { ignored, pushed } from './webhook-parser.ts';

/**
 * CNCF Distribution notifications (registry v2/v3; also GitLab's and Harbor's embedded registry).
 * Source: distribution/distribution docs/content/about/notifications.md; protocols-reliability.md §4.1.
 *
 * Auth: Distribution signs nothing; the only option is a static header per endpoint
 * (`notifications.endpoints[].headers`, e.g. `Authorization: Bearer <secret>`), so the shared-header check applies.
 *
 * An envelope `{events: [...]}` may hold several unrelated events (v3 sends one per POST, older releases batched).
 * Only `push` of a manifest is an image push: layer pushes arrive as `push` events too and are skipped by media type.
 */
export const distribution: WebhookParser = {
  sender: 'distribution',
  contentTypes: [
    'application/vnd.docker.distribution.events.v1+json', // registry 2.x
    'application/vnd.docker.distribution.events.v2+json', // registry 3.x (notifications/event.go)
    'application/json',
  ],
  auth: AuthScheme.sharedHeader,
  verify: (input) => checkSharedHeader(input),
  parse(body) {
    const events = PayloadNode.body(body).object().get('events').items();
    const pushes = events.filter(isManifestPush).map(toEvent);
    if (pushes.length > 0) return pushed(pushes);
    const actions = [...new Set(events.map((e) => String(e.get('action').value)))].join(', ');
    return ignored(`no manifest push in the envelope (actions: ${actions || 'none'})`);
  },
};

function isManifestPush(event: PayloadNode): boolean {
  if (event.object().get('action').string() !== 'push') return false;
  return isManifestMediaType(event.get('target').object().get('mediaType').string());
}

function toEvent(event: PayloadNode): ImagePushEvent {
  const target = event.get('target');
  const id = event.get('id').string();
  return {
    sender: 'distribution',
    eventId: id,
    dedupeKey: id,
    registryHost: event.get('request').isObject() ? readHost(event.get('request').get('host')) : null,
    repository: readRepository(target.get('repository')),
    // Absent when the manifest was pushed by digest (the published sample); present for pushes by tag (bridge.go).
    tag: readTag(target.get('tag')),
    // From target.digest, never target.url: the published sample's url names a different digest.
    digest: readDigest(target.get('digest')) ?? target.get('digest').fail('is required for a manifest push'),
    mediaType: target.get('mediaType').string(),
    pushedAt: readTime(event.get('timestamp')),
    actor: event.get('actor').isObject() ? event.get('actor').get('name').optString() : null,
  };
}
