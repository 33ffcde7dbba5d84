/**
 * Serves the web UI (web/dist, built by `npm run build:web`) at `/`: the app's index at `/`, hashed assets under
 * `/assets/`, and the index again for any other GET that a browser makes for a page (Accept: text/html) and that
 * no route answers, so deep links such as /ui/records/<id> work (SPA fallback). The fallback never answers under
 * the API, docs, metrics, health or vendor prefixes: there an unknown path keeps the 404 of its own surface.
 *
 * Everything here is public (the UI is static; it asks for a token and sends it to the API itself). When web/dist
 * is missing, `/` answers a short text saying how to build it, and nothing else changes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Server } from '../http-deps.ts';

const DEFAULT_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Path prefixes where an unknown GET must stay a 404 of its surface, never become the UI's page. */
export const RESERVED_PREFIXES: readonly string[] = [
  '/api', '/docs', '/openapi.json', '/metrics', '/healthz', '/readyz', '/problems', '/assets',
  '/clusters', '/triggers', '/hook', '/v2', '/v1', '/accounts',
];

const NOT_BUILT = [
  'The Capstan web UI is not built.',
  '',
  'Build it with "npm run build:web" (or restart with "npm start", which builds it first), then reload this page.',
  'The API is served at /api/v1 and documented at /docs.',
  '',
].join('\n');

// The built app loads only its own scripts and styles and talks only to this origin; trigger URLs carry secrets,
// so no Referer leaves the page.
const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

export interface WebUiOptions {
  /** Folder of the built UI; defaults to web/dist of this checkout. */
  readonly distDir?: string;
}

/**
 * Answers a request no route matched with the UI's page when it is a browser's page request outside the reserved
 * prefixes; returns false (and sends nothing) otherwise. The native not-found handler asks it first, so the check
 * costs nothing on matched routes.
 */
export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

export async function installWebUi(server: Server, options: WebUiOptions = {}): Promise<PageFallback> {
  const distDir = options.distDir ?? DEFAULT_DIST;
  const indexFile = join(distDir, 'index.html');
  // serve: false: only reply.sendFile (root-scoped through fastify-plugin); the routes below declare `auth`.
  await server.register(fastifyStatic, { root: distDir, serve: false, wildcard: false });

  const sendIndex = (reply: FastifyReply): FastifyReply => reply.headers(PAGE_HEADERS).sendFile('index.html', distDir);
  const hidden = { hide: true };

  server.get('/', { config: { auth: 'public' }, schema: hidden }, async (_request, reply) => {
    if (!existsSync(indexFile)) return reply.code(200).type('text/plain; charset=utf-8').send(NOT_BUILT);
    return sendIndex(reply);
  });

  // Vite names assets by content hash, so they may be cached for good.
  server.get('/assets/*', { config: { auth: 'public' }, schema: hidden }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    return reply.header('x-content-type-options', 'nosniff')
      .sendFile(file, join(distDir, 'assets'), { maxAge: '365d', immutable: true });
  });

  server.get('/favicon.svg', { config: { auth: 'public' }, schema: hidden }, async (_request, reply) =>
    reply.sendFile('favicon.svg', distDir, { maxAge: '1d' }));

  return (request, reply) => {
    if (!isPageRequest(request) || !existsSync(indexFile)) return false;
    sendIndex(reply);
    return true;
  };
}

function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const accept = request.headers.accept;
  if (typeof accept !== 'string' || !accept.includes('text/html')) return false;
  const path = request.url.split('?')[0] ?? '/';
  return !RESERVED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}.`));
}
