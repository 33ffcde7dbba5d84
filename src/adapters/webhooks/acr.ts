import { AuthScheme, type ParseResult, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { isManifestMediaType, type ImagePushEvent, type SenderType } from '../../domain/image-push-event.ts';
import { checkSharedHeader } from './auth-checks.ts';
import { readDigest, readHost, readRepository, readTag, readTime } from './payload-fields.ts';
import { binaryEvent, isBinaryMode, structuredEvent, type CloudEvent } from './cloudevent-attributes.ts';
import { PayloadNode } from './payload-node.ts';
import { ignored, pushed } from './webhook-parser.ts';

/**
 * Azure Container Registry: its own webhooks, and the same events routed through Azure Event Grid (CloudEvents 1.0
 * schema, single or batched, or Event Grid's own schema). Sources: MicrosoftDocs container-registry-webhook-
 * reference.md; https://learn.microsoft.com/azure/event-grid/event-schema-container-registry.
 *
 * Auth: ACR signs nothing and adds no header but the custom headers configured on the webhook; Event Grid can add
 * static delivery-property headers. Either can carry `Authorization`, so the shared-header check applies. (Event
 * Grid's Entra ID bearer tokens would need Microsoft's signing keys, which a pure parser cannot fetch; the
 * CloudEvents abuse-protection handshake is an OPTIONS request the route answers.)
 *
 * A webhook is one object `{id, action, target, request}`: only `action: push` of a manifest is an image push
 * (`chart_push` carries a tag too and is ignored). Through Event Grid the same object is `data` of an event of type
 * `Microsoft.ContainerRegistry.ImagePushed`, whose own `id` is the event id (`data.id` is ACR's).
 */
export const acr: WebhookParser = {
  sender: 'acr',
  contentTypes: ['application/json', 'application/cloudevents+json', 'application/cloudevents-batch+json'],
  auth: AuthScheme.sharedHeader,
  verify: (input) => checkSharedHeader(input),
  parse(body, headers) {
    if (isBinaryMode(headers)) return parseEventGrid([binaryEvent(headers, body)]);
    const root = PayloadNode.body(body);
    if (Array.isArray(root.value)) return parseEventGrid(root.items().map(gridEvent));
    return isGridEvent(root.object()) ? parseEventGrid([gridEvent(root)]) : parseWebhook(root);
  },
};

export const ACR_PUSH_TYPE = 'Microsoft.ContainerRegistry.ImagePushed';

function parseWebhook(root: PayloadNode): ParseResult {
  const action = root.get('action').string();
  if (action !== 'push') return ignored(`action ${action} is not an image push`);
  const id = root.get('id').string();
  const event = acrPushData(root, { sender: 'acr', eventId: id, dedupeKey: id, pushedAt: readTime(root.get('timestamp')) });
  return event === null ? ignored('push of a non-manifest artifact') : pushed([event]);
}

function parseEventGrid(events: CloudEvent[]): ParseResult {
  const types = [...new Set(events.map((e) => e.attributes.type))];
  const pushes = events.filter((e) => e.attributes.type === ACR_PUSH_TYPE).map((e) => acrCloudEventData(e, 'acr'));
  const images = pushes.filter((e): e is ImagePushEvent => e !== null);
  return images.length > 0 ? pushed(images) : ignored(`no image push among event types ${types.join(', ')}`);
}

const isGridEvent = (node: PayloadNode): boolean => node.get('specversion').isPresent() || node.get('eventType').isPresent();

/** CloudEvents schema, or Event Grid's own schema (`eventType`, `topic`, `eventTime`) mapped onto it. */
function gridEvent(node: PayloadNode): CloudEvent {
  if (node.object().get('specversion').isPresent()) return structuredEvent(node);
  const id = node.get('id').string();
  const topic = node.get('topic').optString() ?? '';
  return {
    attributes: {
      id,
      source: topic,
      type: node.get('eventType').string(),
      time: readTime(node.get('eventTime')),
      extension: () => null,
      dedupeKey: topic === '' ? id : `${topic} ${id}`,
    },
    data: node.get('data'),
  };
}

/** An ImagePushed event: its own `id` is the event id (`data.id` is ACR's). Null for a non-manifest push. */
export function acrCloudEventData({ attributes, data }: CloudEvent, sender: SenderType): ImagePushEvent | null {
  return acrPushData(data.object(), { sender, eventId: attributes.id, dedupeKey: attributes.dedupeKey, pushedAt: attributes.time });
}

interface EnvelopeFacts {
  readonly sender: SenderType;
  readonly eventId: string;
  readonly dedupeKey: string;
  readonly pushedAt: number | null;
}

/** The ACR event object `{target, request}`; null for a push that is not an image manifest. */
function acrPushData(data: PayloadNode, facts: EnvelopeFacts): ImagePushEvent | null {
  const target = data.get('target').object();
  const mediaType = target.get('mediaType').string();
  if (!isManifestMediaType(mediaType)) return null;
  const request = data.get('request');
  return {
    ...facts,
    registryHost: request.isObject() ? readHost(request.get('host')) : null,
    repository: readRepository(target.get('repository')),
    tag: readTag(target.get('tag')),
    digest: readDigest(target.get('digest')) ?? target.get('digest').fail('is required for an image push'),
    mediaType,
    actor: null,
  };
}
