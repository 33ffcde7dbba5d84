/**
 * The rollback quarantine of an image trigger (domain/image-quarantine.ts, docs/adr/0009-rollback-quarantine.md):
 * the images a rollback took away from the trigger, which pushes cannot fire again until released. Listing needs
 * `read`; releasing needs `deploy`, the permission that rolls back (whoever may roll back may undo its quarantine).
 */
import { Type } from 'typebox';
import { listImageQuarantine } from '../../app/image-triggers/list-image-quarantine.ts';
import { releaseImageQuarantine } from '../../app/image-triggers/release-image-quarantine.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, PageQuery, Problem, pageOf } from '../schemas/common.ts';
import { QuarantineEntryView, QuarantineParams, quarantineEntryView } from '../schemas/image-trigger-quarantine.ts';

export function imageTriggerQuarantineRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['image-triggers'];

  server.get('/api/v1/image-triggers/:id/quarantine', {
    config: { auth: 'read' },
    schema: {
      tags, summary: 'Images quarantined for an image trigger by rollbacks, newest first',
      description: 'A push of a quarantined digest (or tag, for pushes without a digest) does not fire this trigger; the registry event says why (`heldBack`).',
      params: IdParams, querystring: PageQuery, response: { 200: pageOf(QuarantineEntryView), 400: Problem, 404: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { limit, cursor } = request.query;
    const page = await listImageQuarantine(deps.app, principalOf(request).accountId, request.params.id, { limit: limit ?? 50, cursor: cursor ?? null });
    return { items: page.items.map(quarantineEntryView), nextCursor: page.nextCursor };
  });

  server.delete('/api/v1/image-triggers/:id/quarantine/:entryId', {
    config: { auth: 'deploy' },
    schema: {
      tags, summary: 'Release a quarantined image: pushes of it fire the trigger again',
      description: 'Pushes held back so far are not replayed; the next delivery or poll of the image fires.',
      params: QuarantineParams, response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS },
    },
  }, async (request, reply) => {
    await releaseImageQuarantine(deps.app, principalOf(request).accountId, request.params.id, request.params.entryId);
    return reply.code(204).send(null);
  });
}
