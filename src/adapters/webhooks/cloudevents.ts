import { AuthScheme, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import type { ImagePushEvent } from '../../domain/image-push-event.ts';
import { ACR_PUSH_TYPE, acrCloudEventData } from './acr.ts';
import { checkSharedHeader } from './auth-checks.ts';
import { binaryEvent, isBinaryMode, structuredEvent, type CloudEvent } from './cloudevent-attributes.ts';
import { HARBOR_PUSH_TYPE, harborCloudEventData } from './harbor.ts';
import { PayloadNode } from './payload-node.ts';
import { ignored, pushed } from './webhook-parser.ts';

/**
 * A generic CloudEvents 1.0 receiver: structured (`application/cloudevents+json`), batched
 * (`application/cloudevents-batch+json`, a JSON array) and binary mode (`ce-*` headers, bare data). Sources:
 * cloudevents/spec formats/json-format.md and bindings/http-protocol-binding.md.
 *
 * Auth: the CloudEvents spec defines no signature; authentication is the transport's, so the shared-header check
 * applies to `Authorization`.
 *
 * It routes on `type`: the registry event types we know are read by their sender's own mapping (Harbor's
 * `harbor.artifact.pushed`, ACR's `Microsoft.ContainerRegistry.ImagePushed`), so one receiver can take several
 * registries; every other type is acknowledged and ignored.
 */
export const cloudevents: WebhookParser = {
  sender: 'cloudevents',
  contentTypes: ['application/cloudevents+json', 'application/cloudevents-batch+json', 'application/json'],
  auth: AuthScheme.sharedHeader,
  verify: (input) => checkSharedHeader(input),
  parse(body, headers) {
    const events = isBinaryMode(headers) ? [binaryEvent(headers, body)] : structuredEvents(PayloadNode.body(body));
    const images = events.flatMap(toPushEvents);
    if (images.length > 0) return pushed(images);
    return ignored(`no image push among CloudEvents types ${[...new Set(events.map((e) => e.attributes.type))].join(', ')}`);
  },
};

/** Known push types; a Map, so a `type` such as `constructor` cannot reach Object.prototype. */
const ROUTES = new Map<string, (event: CloudEvent) => ImagePushEvent[]>([
  [HARBOR_PUSH_TYPE, (event) => harborCloudEventData(event, 'cloudevents')],
  [ACR_PUSH_TYPE, (event) => [acrCloudEventData(event, 'cloudevents')].filter((e) => e !== null)],
]);

const toPushEvents = (event: CloudEvent): ImagePushEvent[] => ROUTES.get(event.attributes.type)?.(event) ?? [];

function structuredEvents(root: PayloadNode): CloudEvent[] {
  return Array.isArray(root.value) ? root.items().map(structuredEvent) : [structuredEvent(root)];
}
