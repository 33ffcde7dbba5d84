import { Type, type TSchema } from 'typebox';
import { RecordOrigin } from '../../domain/deploy-record.ts';
import {
  DEFAULT_NOTIFICATION_EVENTS, MAX_CHANNEL_URL_LENGTH, NOTIFICATION_EVENTS, NOTIFICATION_FORMATS, TEST_EVENT,
  type NotificationChannel, type NotificationDelivery,
} from '../../domain/notification-channel.ts';
import { Timestamp, iso } from './common.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Name = Type.String({ minLength: 1, maxLength: 128 });
const Url = Type.String({
  minLength: 1, maxLength: MAX_CHANNEL_URL_LENGTH,
  description: 'Absolute http(s) URL the messages are POSTed to (a Standard Webhooks receiver, a Slack incoming webhook). Stored encrypted: its path and query are never shown again, as they often are a credential.',
});
const Events = Type.Array(Type.Enum([...NOTIFICATION_EVENTS]), {
  minItems: 1, maxItems: NOTIFICATION_EVENTS.length, uniqueItems: true,
  description: `Which record finishes to send. Default: ${DEFAULT_NOTIFICATION_EVENTS.join(', ')} (every record that did not succeed).`,
});
const Format = Type.Enum([...NOTIFICATION_FORMATS], {
  description: '`json` (default): the documented envelope {type, id, time, data}. `slack`: a Slack incoming-webhook message {text, blocks} with the same facts.',
});
const FilterId = Type.String({ minLength: 1, maxLength: 128 });
const Filter = Type.Object({
  origin: Type.Optional(Type.Enum(Object.values(RecordOrigin), { description: 'Only records started this way.' })),
  taskId: Type.Optional(FilterId),
  triggerId: Type.Optional(FilterId),
  clusterId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only records that act on this cluster (directly or through an application).' })),
}, { additionalProperties: false, description: 'Optional narrowing; every field given must match.' });
const Enabled = Type.Boolean({ description: 'A disabled channel gets no new messages (a test is sent anyway).' });

export const CreateNotificationChannelBody = Type.Object({
  name: Name,
  url: Url,
  events: Type.Optional(Events),
  format: Type.Optional(Format),
  filter: Type.Optional(Filter),
  enabled: Type.Optional(Enabled),
}, { additionalProperties: false });

/** PUT: the whole channel; omitted optional fields take their defaults. */
export const ReplaceNotificationChannelBody = CreateNotificationChannelBody;

export const UpdateNotificationChannelBody = Type.Object({
  name: Type.Optional(Name),
  url: Type.Optional(Url),
  events: Type.Optional(Events),
  format: Type.Optional(Format),
  filter: Type.Optional(Nullable(Filter)),
  enabled: Type.Optional(Enabled),
}, { additionalProperties: false, minProperties: 1 });

export const NotificationChannelView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  urlDisplay: Type.String({ description: 'The URL\'s origin; `/…` stands for a path or query, which are never shown.' }),
  events: Type.Array(Type.Enum([...NOTIFICATION_EVENTS])),
  format: Type.Enum([...NOTIFICATION_FORMATS]),
  filter: Filter,
  enabled: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreatedNotificationChannel = Type.Object({
  ...NotificationChannelView.properties,
  secret: Type.String({
    description: 'The Standard Webhooks signing secret (`whsec_…`) every message is signed with. Shown only in this response; store it in the receiver now.',
  }),
});

export const QueuedTestView = Type.Object({
  channelId: Type.String(),
  messageId: Type.String({ description: 'The webhook-id the receiver will see.' }),
  event: Type.Literal(TEST_EVENT),
});

export const NotificationDeliveryView = Type.Object({
  id: Type.String(),
  messageId: Type.String({ description: 'The webhook-id header: the same on every attempt of one message.' }),
  event: Type.String({ description: `${NOTIFICATION_EVENTS.join(', ')} or ${TEST_EVENT}` }),
  recordId: Nullable(Type.String()),
  attempt: Type.Integer({ minimum: 1 }),
  outcome: Type.Enum(['delivered', 'retrying', 'failed', 'skipped'], {
    description: '`retrying`: this attempt failed and another follows; `failed`: given up; `skipped`: not sent (the channel was disabled).',
  }),
  statusCode: Nullable(Type.Integer({ description: 'The receiver\'s HTTP status; null when it did not answer.' })),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
  at: Timestamp,
});

export function notificationChannelView(c: NotificationChannel) {
  return {
    id: c.id, name: c.name, urlDisplay: c.urlDisplay, events: [...c.events], format: c.format, filter: { ...c.filter },
    enabled: c.enabled, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt),
  };
}

export function notificationDeliveryView(d: NotificationDelivery) {
  return {
    id: d.id, messageId: d.messageId, event: d.event, recordId: d.recordId, attempt: d.attempt, outcome: d.outcome,
    statusCode: d.statusCode, error: d.error, durationMs: d.durationMs, at: iso(d.at),
  };
}
