import { header, type WebhookHeaders } from '../../app/ports/webhook-parser.ts';
import { readTime } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';

/**
 * CloudEvents 1.0 context attributes, read from either HTTP content mode (cloudevents/spec bindings/http-protocol-
 * binding.md §3): structured (attributes are members of the JSON body, `data` holds the payload) or binary
 * (attributes are `ce-*` headers, the body is the bare data). Parsers of registry events carried as CloudEvents
 * (Harbor, ACR via Event Grid, the generic receiver) share this so mode handling lives in one place.
 */
export interface CloudEventAttributes {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: number | null;
  /** An extension attribute as a string (Harbor's `operator`); null when absent or not a string. */
  readonly extension: (name: string) => string | null;
  /** `(source, id)` is unique per event (spec §3.1.1 "id"), so it is the dedupe key. */
  readonly dedupeKey: string;
}

export interface CloudEvent {
  readonly attributes: CloudEventAttributes;
  readonly data: PayloadNode;
}

/** True when the headers carry a binary-mode event. */
export const isBinaryMode = (headers: WebhookHeaders): boolean => header(headers, 'ce-specversion') !== null;

export function structuredEvent(event: PayloadNode): CloudEvent {
  event.object().get('specversion').string();
  const id = event.get('id').string();
  const source = event.get('source').string();
  return {
    attributes: {
      id,
      source,
      type: event.get('type').string(),
      time: readTime(event.get('time')),
      extension: (name) => (typeof event.get(name).value === 'string' ? (event.get(name).value as string) : null),
      dedupeKey: `${source} ${id}`,
    },
    data: event.get('data'),
  };
}

/** Binary mode: a missing required attribute is reported at `/headers/ce-<name>`. */
export function binaryEvent(headers: WebhookHeaders, body: unknown): CloudEvent {
  const attribute = (name: string) => header(headers, `ce-${name}`);
  const required = (name: string) => new PayloadNode(attribute(name), `/headers/ce-${name}`).string();
  const id = required('id');
  const source = required('source');
  return {
    attributes: {
      id,
      source,
      type: required('type'),
      time: readTime(new PayloadNode(attribute('time'), '/headers/ce-time')),
      extension: attribute,
      dedupeKey: `${source} ${id}`,
    },
    data: PayloadNode.body(body),
  };
}
