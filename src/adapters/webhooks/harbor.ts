import { AuthScheme, type ParseResult, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import type { ImagePushEvent, SenderType } from '../../domain/image-push-event.ts';
import { checkSharedHeader } from './auth-checks.ts';
import { binaryEvent, isBinaryMode, structuredEvent, type CloudEvent } from './cloudevent-attributes.ts';
import { readDigest, readReference, readRepository, readTag, readUnixSeconds } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { ignored, pushed } from './webhook-parser.ts';

/**
 * Harbor project webhooks, both payload formats. Sources: goharbor/website configure-webhooks.md; goharbor/harbor
 * src/pkg/notifier/formats/{default,cloudevents}.go; protocols-reliability.md §4.3.
 *
 * Auth: Harbor signs nothing; the policy's optional "Auth Header" is sent verbatim as `Authorization`
 * (http_handler.go), so the shared-header check applies.
 *
 * Default format: `type: PUSH_ARTIFACT` (Harbor 1.x: `pushImage`), no event id, so the dedupe key is
 * (type, repository, digest, tag, occur_at) as §4.3 says. CloudEvents format: `type: harbor.artifact.pushed`, the
 * spec's `id` is the event id. Harbor lists only the artifact's first tag, and puts the digest into `tag` when the
 * artifact has none (artifact.go); that is mapped back to "untagged".
 */
export const harbor: WebhookParser = {
  sender: 'harbor',
  contentTypes: ['application/json', 'application/cloudevents+json'],
  auth: AuthScheme.sharedHeader,
  verify: (input) => checkSharedHeader(input),
  parse(body, headers) {
    if (isBinaryMode(headers)) return parseCloudEvent(binaryEvent(headers, body));
    const root = PayloadNode.body(body).object();
    return root.get('specversion').isPresent() ? parseCloudEvent(structuredEvent(root)) : parseDefault(root, 'harbor');
  },
};

export const HARBOR_PUSH_TYPE = 'harbor.artifact.pushed';

const DEFAULT_PUSH_TYPES = ['PUSH_ARTIFACT', 'pushImage'];

/** Default format (also Tencent TCR's, which is Harbor 1.x-shaped). */
export function parseDefault(root: PayloadNode, sender: SenderType): ParseResult {
  const type = root.get('type').string();
  if (!DEFAULT_PUSH_TYPES.includes(type)) return ignored(`event type ${type} is not a push`);
  const occurAt = root.get('occur_at');
  return pushed(harborResourceEvents(root.get('event_data'), {
    sender,
    eventId: null,
    keyPrefix: `${type}|${String(occurAt.value ?? '')}`,
    pushedAt: readUnixSeconds(occurAt),
    actor: root.get('operator').optString(),
  }));
}

function parseCloudEvent(event: CloudEvent): ParseResult {
  const type = event.attributes.type;
  if (type !== HARBOR_PUSH_TYPE) return ignored(`CloudEvents type ${type} is not a push`);
  return pushed(harborCloudEventData(event, 'harbor'));
}

/** A `harbor.artifact.pushed` CloudEvent; `operator` is an extension attribute (the pusher). */
export function harborCloudEventData({ attributes, data }: CloudEvent, sender: SenderType): ImagePushEvent[] {
  return harborResourceEvents(data, {
    sender,
    eventId: attributes.id,
    keyPrefix: attributes.dedupeKey,
    pushedAt: attributes.time,
    actor: attributes.extension('operator'),
  });
}

interface EnvelopeFacts {
  readonly sender: SenderType;
  readonly eventId: string | null;
  readonly keyPrefix: string;
  readonly pushedAt: number | null;
  readonly actor: string | null;
}

function harborResourceEvents(data: PayloadNode, facts: EnvelopeFacts): ImagePushEvent[] {
  const repository = readRepository(data.object().get('repository').object().get('repo_full_name'));
  const resources = data.get('resources').items();
  if (resources.length === 0) data.get('resources').fail('must list the pushed artifact');
  return resources.map((resource) => {
    const digest = readDigest(resource.object().get('digest'));
    const tag = resourceTag(resource.get('tag'), digest);
    const url = resource.get('resource_url');
    const single = facts.eventId !== null && resources.length === 1;
    return {
      sender: facts.sender,
      eventId: facts.eventId,
      dedupeKey: single ? facts.keyPrefix : `${facts.keyPrefix}|${repository}|${digest ?? ''}|${tag ?? ''}`,
      registryHost: url.isPresent() ? readReference(url).host : null,
      repository,
      tag,
      digest,
      mediaType: null,
      pushedAt: facts.pushedAt,
      actor: facts.actor,
    };
  });
}

/** Harbor writes the digest as the tag of an untagged artifact: that is no tag. */
function resourceTag(node: PayloadNode, digest: string | null): string | null {
  const raw = node.optString();
  if (raw !== null && (raw === digest || raw.startsWith('sha256:'))) return null;
  return readTag(node);
}
