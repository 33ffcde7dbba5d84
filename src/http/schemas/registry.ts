import { Type, type TSchema } from 'typebox';
import type { RegistryHostLimit } from '../../app/ports/registry-client.ts';
import type { AuthScheme } from '../../app/ports/webhook-parser.ts';
import { SENDER_TYPES } from '../../domain/image-push-event.ts';
import type { QuarantineHold } from '../../domain/image-quarantine.ts';
import type { RegistryEvent } from '../../domain/registry-event.ts';
import type { RegistryReceiver } from '../../domain/registry-receiver.ts';
import {
  MAX_POLL_INTERVAL_S, MAX_TAG_PATTERN_LENGTH, MIN_POLL_INTERVAL_S, type WatchedRepository,
} from '../../domain/watched-repository.ts';
import { Timestamp, iso } from './common.ts';
import { HoldView, holdView } from './image-trigger-quarantine.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const SenderType = Type.Enum([...SENDER_TYPES], { description: 'The registry (or format) that posts to this receiver.' });
const Host = Type.String({ minLength: 1, maxLength: 255, description: 'Host with optional port, as image references use it, e.g. registry.example.com:5000.' });

// ---- receivers ---------------------------------------------------------------------------------------------

export const CreateReceiverBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  sender: SenderType,
  secret: Type.Optional(Type.String({
    minLength: 8, maxLength: 1024,
    description: 'Checked on every delivery by the sender\'s rules: HMAC key for signing senders (GitHub, Nexus, JFrog signing, Standard Webhooks `whsec_…`), or the value of the static header the registry repeats (Distribution `Authorization: Bearer <secret>`, Harbor auth header, ACR/ECR/TCR custom header). Stored encrypted, never returned. Refused for senders that cannot send one (docker-hub, quay, alibaba-acr, gar): their URL is the credential.',
  })),
  registryHost: Type.Optional(Host),
}, { additionalProperties: false });

export const ReceiverView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  sender: SenderType,
  url: Type.String({ description: 'Where the registry posts (POST, the sender\'s own content type). For receivers without a secret this URL is the credential: keep it private.' }),
  auth: Type.Enum(['signature', 'shared-header', 'receiver-url'], {
    description: 'How deliveries are authenticated: an HMAC over the body, a static header holding the secret, or the unguessable URL alone.',
  }),
  hasSecret: Type.Boolean(),
  contentTypes: Type.Array(Type.String(), { description: 'Media types this sender delivers and the receiver accepts.' }),
  registryHost: Nullable(Type.String()),
  createdAt: Timestamp,
});

export function receiverView(r: RegistryReceiver, publicUrl: string, parser: { auth: AuthScheme; contentTypes: readonly string[] }) {
  return {
    id: r.id,
    name: r.name,
    sender: r.sender,
    url: `${publicUrl}/api/v1/registry-events/${r.id}`,
    auth: r.secretCiphertext === null ? 'receiver-url' as const : parser.auth,
    hasSecret: r.secretCiphertext !== null,
    contentTypes: [...parser.contentTypes],
    registryHost: r.registryHost,
    createdAt: iso(r.createdAt),
  };
}

// ---- events ------------------------------------------------------------------------------------------------

export const RegistryEventView = Type.Object({
  id: Type.String(),
  source: Type.Union([Type.Literal('webhook'), Type.Literal('poll')]),
  sourceId: Type.String({ description: 'The receiver (webhook) or watched repository (poll) it came through.' }),
  sender: SenderType,
  eventId: Nullable(Type.String({ description: 'The sender\'s own id of the event or delivery.' })),
  registryHost: Nullable(Type.String()),
  repository: Type.String(),
  tag: Nullable(Type.String()),
  digest: Nullable(Type.String()),
  mediaType: Nullable(Type.String()),
  pushedAt: Nullable(Timestamp),
  actor: Nullable(Type.String()),
  receivedAt: Timestamp,
  heldBack: Type.Array(HoldView, {
    description: 'Image triggers this push matched but did not fire, because a rollback quarantined its digest (or tag) for them; each with the reason.',
  }),
});

export function registryEventView(e: RegistryEvent, holds: readonly QuarantineHold[] = []) {
  return {
    id: e.id,
    source: e.source,
    sourceId: e.sourceId,
    sender: e.push.sender,
    eventId: e.push.eventId,
    registryHost: e.push.registryHost,
    repository: e.push.repository,
    tag: e.push.tag,
    digest: e.push.digest,
    mediaType: e.push.mediaType,
    pushedAt: iso(e.push.pushedAt),
    actor: e.push.actor,
    receivedAt: iso(e.receivedAt),
    heldBack: holds.filter((h) => h.eventId === e.id).map(holdView),
  };
}

export const RegistryEventQuery = Type.Object({
  repository: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Only events of this repository path.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size (1–200).' })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor of the previous page.' })),
}, { additionalProperties: false });

export const DeliveryResult = Type.Object({
  status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('ignored')], {
    description: '`accepted`: at least one new push was stored; `duplicate`: every push was seen before; `ignored`: not a push (acknowledged so the sender does not retry).',
  }),
  reason: Nullable(Type.String({ description: 'Why an ignored delivery is not a push.' })),
  events: Type.Array(Type.Object({ id: Type.String(), created: Type.Boolean() })),
});

// ---- watched repositories ------------------------------------------------------------------------------------

const Credentials = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ minLength: 1, maxLength: 8192, description: 'Password or access token; stored encrypted, never returned.' }),
}, { additionalProperties: false, description: 'Registry credentials (write-only).' });

const TagPattern = Type.String({
  minLength: 1, maxLength: MAX_TAG_PATTERN_LENGTH,
  description: 'RE2 expression, unanchored like trigger conditions (`^v\\d+\\.\\d+\\.\\d+$` for strict semver tags); only matching tags are tracked.',
});
const Interval = Type.Integer({ minimum: MIN_POLL_INTERVAL_S, maximum: MAX_POLL_INTERVAL_S, description: 'Seconds between polls (default 300).' });

export const CreateWatchedRepositoryBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  registryUrl: Type.String({ minLength: 1, maxLength: 2048, description: 'Registry API origin, e.g. https://registry-1.docker.io or http://127.0.0.1:5000.' }),
  repository: Type.String({ minLength: 1, maxLength: 255, description: 'Repository path, e.g. library/nginx.' }),
  registryHost: Type.Optional(Host),
  tagPattern: Type.Optional(TagPattern),
  intervalSeconds: Type.Optional(Interval),
  enabled: Type.Optional(Type.Boolean({ default: true })),
  credentials: Type.Optional(Credentials),
}, { additionalProperties: false });

export const UpdateWatchedRepositoryBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  registryHost: Type.Optional(Host),
  tagPattern: Type.Optional(Nullable(TagPattern)),
  intervalSeconds: Type.Optional(Interval),
  enabled: Type.Optional(Type.Boolean()),
  credentials: Type.Optional(Nullable(Credentials)),
}, { additionalProperties: false, minProperties: 1 });

export const WatchedRepositoryView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  registryUrl: Type.String(),
  registryHost: Type.String(),
  repository: Type.String(),
  tagPattern: Nullable(Type.String()),
  intervalSeconds: Type.Integer(),
  enabled: Type.Boolean(),
  hasCredentials: Type.Boolean(),
  trackedTags: Nullable(Type.Integer({ description: 'Tags seen at the last successful poll; null before the first (the baseline).' })),
  lastPolledAt: Nullable(Timestamp),
  lastError: Nullable(Type.String()),
  registryLimit: Nullable(Type.Object({
    host: Type.String({ description: 'The registry API host the budget is kept for.' }),
    pausedUntil: Nullable(Timestamp),
    lastThrottle: Nullable(Type.Object({
      at: Timestamp,
      status: Type.Integer({ description: '429, or 503 with Retry-After.' }),
      retryAfterS: Nullable(Type.Integer({ description: 'What the registry asked for; null when it sent no Retry-After (Capstan then backs off 1 s, 2 s, 4 s …).' })),
    })),
  }, {
    description: 'How the replica that answered is pacing requests to this repository\'s registry host, shared with every other watch on it: '
      + 'paused until `pausedUntil` after the registry throttled Capstan (`lastThrottle`). Null when this replica has not called the host yet.',
  })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export function watchedRepositoryView(w: WatchedRepository, limit: RegistryHostLimit | null = null) {
  return {
    id: w.id,
    name: w.name,
    registryUrl: w.registryUrl,
    registryHost: w.registryHost,
    repository: w.repository,
    tagPattern: w.tagPattern,
    intervalSeconds: w.intervalSeconds,
    enabled: w.enabled,
    hasCredentials: w.credentialsCiphertext !== null,
    trackedTags: w.tagState === null ? null : Object.keys(w.tagState).length,
    lastPolledAt: iso(w.lastPolledAt),
    lastError: w.lastError,
    registryLimit: limit === null ? null : {
      host: limit.host,
      pausedUntil: iso(limit.pausedUntil),
      lastThrottle: limit.lastThrottle === null ? null : { ...limit.lastThrottle, at: iso(limit.lastThrottle.at) },
    },
    createdAt: iso(w.createdAt),
    updatedAt: iso(w.updatedAt),
  };
}
