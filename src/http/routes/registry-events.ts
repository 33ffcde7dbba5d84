import { Type } from 'typebox';
import { receiveRegistryDelivery } from '../../app/registry/receive-registry-delivery.ts';
import { notFound } from '../../domain/errors.ts';
import { SENDER_TYPES } from '../../domain/image-push-event.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, Problem, pageOf } from '../schemas/common.ts';
import { DeliveryResult, RegistryEventQuery, RegistryEventView, registryEventView } from '../schemas/registry.ts';

/**
 * Registry webhook deliveries and the events they became.
 *
 * `POST /api/v1/registry-events/{receiver}` is public: the receiver's own rules authenticate it (HMAC, static
 * header or the unguessable URL). The body is taken as raw bytes whatever its content type (each sender has its
 * own: Distribution's `application/vnd.docker.distribution.events.v1+json`, CloudEvents, JSON …), so signatures are
 * checked over exactly what arrived and nothing is parsed before authentication (W1); the body cap is the server's.
 * The answer comes after the events and their match jobs are committed, and nothing slow runs before it (D1):
 * 202 when something new was stored, 200 for duplicates and for valid deliveries that are not pushes (D2: a 4xx
 * would make Distribution retry forever), 401 for a bad signature or secret, 404 for an unknown receiver.
 */
export function registryEventRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['registry events'];
  const consumes = [...new Set(SENDER_TYPES.flatMap((s) => deps.app.webhooks.parserFor(s).contentTypes))];

  // Own scope: only here does every content type arrive as a Buffer instead of going through the JSON parser.
  void server.register(async (scope: Server) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.post('/api/v1/registry-events/:id', {
      config: { auth: 'public' },
      schema: {
        tags, summary: 'Deliver a registry webhook to a receiver (called by the registry)',
        description: 'The path is the receiver\'s `url`. Authenticated by the receiver\'s sender rules, not by an API token. Body: the sender\'s own payload, unchanged.',
        consumes,
        params: IdParams,
        // Documentation only: any bytes pass, and the sender's parser decides after authentication.
        body: Type.Unknown({ description: 'The sender\'s own payload, unchanged (e.g. a Distribution `{"events": […]}` envelope).' }),
        response: { 200: DeliveryResult, 202: DeliveryResult, 400: Problem, 401: Problem, 404: Problem, 413: Problem, 415: Problem },
      },
    }, async (request, reply) => {
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const outcome = await receiveRegistryDelivery(deps.app, { receiverId: request.params.id, headers: request.headers, rawBody });
      if (outcome.status === 'ignored') return reply.code(200).send({ status: 'ignored', reason: outcome.reason, events: [] });
      const events = outcome.events.map((a) => ({ id: a.event.id, created: a.created }));
      const created = events.some((e) => e.created);
      return reply.code(created ? 202 : 200).send({ status: created ? 'accepted' : 'duplicate', reason: null, events });
    });
  });

  server.get('/api/v1/registry-events', {
    config: { auth: 'read' },
    schema: {
      tags, summary: 'List accepted registry pushes (newest first)',
      description: 'Pushes from every receiver and watched repository, after dedupe. Each one was handed to image-trigger matching; `heldBack` lists the matched triggers a rollback quarantine kept it from firing.',
      querystring: RegistryEventQuery, response: { 200: pageOf(RegistryEventView), 400: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { repository, limit, cursor } = request.query;
    const page = await deps.app.store.registryEvents.list(principalOf(request).accountId, {
      limit: limit ?? 50, cursor: cursor ?? null, ...(repository === undefined ? {} : { repository }),
    });
    const holds = await deps.app.store.imageQuarantine.holdsForEvents(principalOf(request).accountId, page.items.map((e) => e.id));
    return { items: page.items.map((e) => registryEventView(e, holds)), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/registry-events/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get an accepted registry push', params: IdParams, response: { 200: RegistryEventView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    const event = await deps.app.store.registryEvents.get(accountId, request.params.id);
    if (!event) throw notFound('REGISTRY_EVENT_NOT_FOUND', 'Registry event', request.params.id);
    return registryEventView(event, await deps.app.store.imageQuarantine.holdsForEvents(accountId, [event.id]));
  });
}
