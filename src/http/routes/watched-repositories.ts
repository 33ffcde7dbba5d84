import { Type } from 'typebox';
import { createWatchedRepository } from '../../app/registry/create-watched-repository.ts';
import { deleteWatchedRepository } from '../../app/registry/delete-watched-repository.ts';
import { getWatchedRepository } from '../../app/registry/get-watched-repository.ts';
import { listWatchedRepositories } from '../../app/registry/list-watched-repositories.ts';
import { updateWatchedRepository } from '../../app/registry/update-watched-repository.ts';
import type { WatchedRepository } from '../../domain/watched-repository.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, PageQuery, Problem, pageOf } from '../schemas/common.ts';
import {
  CreateWatchedRepositoryBody, UpdateWatchedRepositoryBody, WatchedRepositoryView, watchedRepositoryView,
} from '../schemas/registry.ts';

/**
 * Watched repositories: registries polled for new tags and moved digests when they cannot send webhooks. Each
 * finding becomes the same registry event a webhook would have produced. Credentials are write-only.
 */
export function watchedRepositoryRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['watched repositories'];
  // The host's request budget as this replica sees it (ADR 0010), so a throttled registry shows on every watch on it.
  const view = (w: WatchedRepository) => watchedRepositoryView(w, deps.app.registry.hostLimit?.(w.registryUrl) ?? null);

  server.post('/api/v1/watched-repositories', {
    config: { auth: 'write' },
    schema: {
      tags, summary: 'Watch a repository by polling its registry',
      description: 'The first poll runs at once and records the existing tags as the baseline (no events); every later poll turns a new tag or a moved digest into a registry event.',
      body: CreateWatchedRepositoryBody, response: { 201: WatchedRepositoryView, 400: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request, reply) => {
    const watch = await createWatchedRepository(deps.app, { accountId: principalOf(request).accountId, ...request.body });
    return reply.code(201).send(view(watch));
  });

  server.get('/api/v1/watched-repositories', {
    config: { auth: 'read' },
    schema: { tags, summary: 'List watched repositories (newest first)', querystring: PageQuery, response: { 200: pageOf(WatchedRepositoryView), 400: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const page = await listWatchedRepositories(deps.app, principalOf(request).accountId, { limit: request.query.limit ?? 50, cursor: request.query.cursor ?? null });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/watched-repositories/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get a watched repository and its last poll', params: IdParams, response: { 200: WatchedRepositoryView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => view(await getWatchedRepository(deps.app, principalOf(request).accountId, request.params.id)));

  server.patch('/api/v1/watched-repositories/:id', {
    config: { auth: 'write' },
    schema: {
      tags, summary: 'Change a watched repository',
      description: 'Omitted fields keep their value; `credentials: null` or `tagPattern: null` clears them. A new tagPattern makes the next poll a fresh baseline.',
      params: IdParams, body: UpdateWatchedRepositoryBody, response: { 200: WatchedRepositoryView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => view(await updateWatchedRepository(deps.app, principalOf(request).accountId, request.params.id, request.body)));

  server.delete('/api/v1/watched-repositories/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Stop watching a repository (its events stay)', params: IdParams, response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    await deleteWatchedRepository(deps.app, principalOf(request).accountId, request.params.id);
    return reply.code(204).send(null);
  });
}
