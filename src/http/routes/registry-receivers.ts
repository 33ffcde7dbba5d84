import { Type } from 'typebox';
import { createRegistryReceiver } from '../../app/registry/create-registry-receiver.ts';
import { deleteRegistryReceiver } from '../../app/registry/delete-registry-receiver.ts';
import { getRegistryReceiver } from '../../app/registry/get-registry-receiver.ts';
import { listRegistryReceivers } from '../../app/registry/list-registry-receivers.ts';
import type { RegistryReceiver } from '../../domain/registry-receiver.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, PageQuery, Problem, pageOf } from '../schemas/common.ts';
import { CreateReceiverBody, ReceiverView, receiverView } from '../schemas/registry.ts';

/**
 * Registry receivers: where a registry's push webhooks go (`url`), and how they are authenticated. Every route
 * needs `write`, reads included: for senders that cannot sign, the URL is the credential (W4), so it is shown only
 * to those who may configure receivers. The secret is write-only.
 */
export function registryReceiverRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['registry receivers'];
  const view = (r: RegistryReceiver) => receiverView(r, deps.publicUrl, deps.app.webhooks.parserFor(r.sender));

  server.post('/api/v1/registry-receivers', {
    config: { auth: 'write' },
    schema: {
      tags, summary: 'Create a registry webhook receiver',
      description: 'Point the registry\'s webhook (notification endpoint) at the returned `url`. Deliveries are verified by the sender\'s rules, stored, and answered 2xx before any matching runs.',
      body: CreateReceiverBody, response: { 201: ReceiverView, 400: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request, reply) => {
    const receiver = await createRegistryReceiver(deps.app, { accountId: principalOf(request).accountId, ...request.body });
    return reply.code(201).send(view(receiver));
  });

  server.get('/api/v1/registry-receivers', {
    config: { auth: 'write' },
    schema: { tags, summary: 'List registry receivers (newest first)', querystring: PageQuery, response: { 200: pageOf(ReceiverView), 400: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const page = await listRegistryReceivers(deps.app, principalOf(request).accountId, { limit: request.query.limit ?? 50, cursor: request.query.cursor ?? null });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/registry-receivers/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Get a registry receiver (without its secret)', params: IdParams, response: { 200: ReceiverView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => view(await getRegistryReceiver(deps.app, principalOf(request).accountId, request.params.id)));

  server.delete('/api/v1/registry-receivers/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Delete a registry receiver (its URL stops working; its events stay)', params: IdParams, response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    await deleteRegistryReceiver(deps.app, principalOf(request).accountId, request.params.id);
    return reply.code(204).send(null);
  });
}
