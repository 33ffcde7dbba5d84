import { Type, type TSchema } from 'typebox';
import type { QuarantineEntry, QuarantineHold } from '../../domain/image-quarantine.ts';
import { Timestamp, iso } from './common.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const QuarantineParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'Image trigger id.' }),
  entryId: Type.String({ minLength: 1, maxLength: 64, description: 'Quarantine entry id.' }),
}, { additionalProperties: false });

export const QuarantineEntryView = Type.Object({
  id: Type.String(),
  triggerId: Type.String(),
  repository: Type.String(),
  matchBy: Type.Union([Type.Literal('digest'), Type.Literal('tag')], {
    description: '`digest`: pushes of this digest (any tag) do not fire the trigger; `tag`: pushes of this tag (any or no digest) do not — used when the rolled-back push carried no digest.',
  }),
  digest: Nullable(Type.String({ description: 'The digest the rolled-back firing deployed; null when its push carried none.' })),
  tag: Type.String({ description: 'The tag the rolled-back firing deployed.' }),
  image: Nullable(Type.String({ description: 'The image reference the rolled-back firing deployed.' })),
  recordId: Type.String({ description: 'The firing\'s deploy record: the change that was rolled back.' }),
  rollbackRecordId: Type.String({ description: 'The rollback record that undid it and wrote this entry.' }),
  createdBy: Nullable(Type.Object({ tokenId: Type.String(), name: Type.String() }, { description: 'Who started the rollback.' })),
  createdAt: Timestamp,
  heldCount: Type.Integer({ minimum: 0, description: 'Pushes this entry has kept from firing the trigger.' }),
  lastHeldAt: Nullable(Timestamp),
  lastHeldEventId: Nullable(Type.String({ description: 'The registry event held back last (GET /api/v1/registry-events/{id} explains it).' })),
});

export function quarantineEntryView(e: QuarantineEntry) {
  return {
    id: e.id,
    triggerId: e.triggerId,
    repository: e.repository,
    matchBy: e.matchBy,
    digest: e.digest,
    tag: e.tag,
    image: e.image,
    recordId: e.recordId,
    rollbackRecordId: e.rollbackRecordId,
    createdBy: e.createdBy,
    createdAt: iso(e.createdAt),
    heldCount: e.heldCount,
    lastHeldAt: iso(e.lastHeldAt),
    lastHeldEventId: e.lastHeldEventId,
  };
}

/** On a registry event: a matched trigger this push did not fire, and why. */
export const HoldView = Type.Object({
  triggerId: Type.String(),
  quarantineEntryId: Type.String({ description: 'The entry that held it back; it may have been released since.' }),
  subject: Type.String({ description: 'The quarantined digest or tag.' }),
  message: Type.String(),
  heldAt: Timestamp,
});

export function holdView(h: QuarantineHold) {
  return { triggerId: h.triggerId, quarantineEntryId: h.entryId, subject: h.subject, message: h.message, heldAt: iso(h.heldAt) };
}

export const RollbackBody = Type.Object({
  quarantine: Type.Optional(Type.Boolean({
    default: true,
    description: 'Quarantine, for their image triggers, the images this rollback takes away (images image triggers deployed to these workloads after the record), so a re-delivered or re-tagged push of them does not fire again until released. Default true; no effect when the rollback undoes no image-trigger firing.',
  })),
}, { additionalProperties: false, description: 'Optional; an empty request body means the defaults.' });
