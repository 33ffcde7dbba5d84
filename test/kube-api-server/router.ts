// One HTTP request: log it, authenticate (bearer token, 401 Status otherwise), apply injected faults, authorize
// (403 for the verbs a test denied, access.ts), then answer discovery or dispatch the REST verb. Every error leaves as a metav1.Status with the HTTP code of `status.code`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize, requestAttributes, review, type AccessRules } from './access.ts';
import { discovery } from './discovery.ts';
import { faultError, type Faults } from './faults.ts';
import { createObject, deleteCollection, deleteObject, getObject, listObjects, updateObject, type Reply, type Target } from './handlers.ts';
import { parsePatchBody, patchObject, PatchType } from './patch.ts';
import { REVIEW_RESOURCE } from './resources.ts';
import { parseRoute, type Route } from './routes.ts';
import { managerOf } from './field-manager.ts';
import { ApiError, badRequest, internalError, methodNotSupported, pathNotFound, unauthorized } from './status.ts';
import type { ObjectStore } from './store.ts';
import { serveWatch } from './watch.ts';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  contentType: string | undefined;
  status: number;
  body: unknown;
}

export interface ServerContext {
  store: ObjectStore;
  faults: Faults;
  /** RBAC denials chosen by the test; everything else is allowed. */
  access: AccessRules;
  token: string;
  requests: RequestLogEntry[];
  hostPort: () => string;
  /** Stops open watches and unanswered (timed-out) requests on close. */
  closers: Set<() => void>;
}

export async function handleRequest(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const text = await readBody(req);
  const contentType = req.headers['content-type']?.split(';')[0]?.trim();
  const entry: RequestLogEntry = { method, path: url.pathname, query: url.search.slice(1), contentType, status: 0, body: logBody(contentType, text) };
  ctx.requests.push(entry);
  const send = (reply: Reply): void => {
    entry.status = reply.status;
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (reply.status === 429) headers['Retry-After'] = '1';
    res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
  };
  try {
    if (!isAuthorized(ctx, req)) throw unauthorized();
    const route = parseRoute(url.pathname);
    if (await injectFault(ctx, method, url.pathname, route, res, entry)) return;
    // The apiserver authorizes after priority-and-fairness (where 429s come from) and before the handler.
    if (route) authorize(ctx.access, route.r, requestAttributes(method, route, url.searchParams));
    if (isWatch(method, route, url.searchParams)) {
      entry.status = 200;
      ctx.closers.add(serveWatch(ctx.store, (route as Route).r, (route as Route).namespace, url.searchParams, res));
      return;
    }
    send(dispatch(ctx, method, url, route, contentType ?? '', text, req.headers['user-agent']));
  } catch (error) {
    send(toStatusReply(error));
  }
}

export function isAuthorized(ctx: ServerContext, req: IncomingMessage): boolean {
  return req.headers.authorization === `Bearer ${ctx.token}`;
}

export function toStatusReply(error: unknown): Reply {
  const apiError = error instanceof ApiError ? error : internalError((error as Error)?.message ?? String(error));
  return { status: apiError.status.code, body: apiError.status };
}

/** Returns true when the fault consumed the request (answered, or held unanswered until close). */
export async function injectFault(ctx: ServerContext, method: string, path: string, route: Route | undefined, res: ServerResponse, entry: RequestLogEntry): Promise<boolean> {
  const rule = ctx.faults.take(method, path);
  if (!rule) return false;
  if (rule.latencyMs) await new Promise((resolve) => setTimeout(resolve, rule.latencyMs));
  if (rule.timeout) {
    entry.status = -1; // never answered
    ctx.closers.add(() => res.destroy());
    return true;
  }
  if (rule.status) throw faultError(rule.status, route?.r, route?.name ?? '');
  return false;
}

function isWatch(method: string, route: Route | undefined, query: URLSearchParams): boolean {
  const watch = query.get('watch');
  return method === 'GET' && route !== undefined && route.name === null && (watch === 'true' || watch === '1');
}

function dispatch(ctx: ServerContext, method: string, url: URL, route: Route | undefined, contentType: string, text: string, userAgent?: string): Reply {
  if (method === 'GET' && ['/healthz', '/livez', '/readyz'].includes(url.pathname)) return { status: 200, body: 'ok' };
  if (method === 'GET') {
    const doc = discovery(url.pathname, ctx.hostPort());
    if (doc) return doc;
  }
  if (!route) throw pathNotFound();
  const query = url.searchParams;
  if (route.r === REVIEW_RESOURCE) {
    if (method !== 'POST') throw methodNotSupported(REVIEW_RESOURCE, method.toLowerCase());
    return review(ctx.access, parseJson(text));
  }
  if (route.name === null) return collection(ctx, method, route, query, text, managerOf(query, userAgent));
  const t: Target = { r: route.r, namespace: route.namespace, name: route.name, subresource: route.subresource };
  if (route.subresource === 'exec') throw badRequest('Upgrade request required');
  if (route.subresource !== '' && !route.r.subresources.includes(route.subresource)) throw pathNotFound();
  switch (method) {
    case 'GET': return getObject(ctx.store, t);
    case 'PUT': return updateObject(ctx.store, t, parseJson(text), managerOf(query, userAgent));
    case 'PATCH': return patchObject(ctx.store, t, contentType, parsePatchBody(contentType, text), query, userAgent);
    case 'DELETE': if (!route.subresource) return deleteObject(ctx.store, t, text ? parseJson(text) : undefined, query);
  }
  throw methodNotSupported(route.r, method.toLowerCase());
}

function collection(ctx: ServerContext, method: string, route: Route, query: URLSearchParams, text: string, manager?: string): Reply {
  const allNamespaces = route.r.namespaced && route.namespace === null;
  if (method === 'GET') return listObjects(ctx.store, route.r, route.namespace, query);
  if (method === 'POST' && !allNamespaces) return createObject(ctx.store, { r: route.r, namespace: route.namespace, name: '', subresource: '' }, parseJson(text), manager);
  if (method === 'DELETE' && !allNamespaces) return deleteCollection(ctx.store, route.r, route.namespace, query);
  throw methodNotSupported(route.r, method.toLowerCase());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`the body of the request could not be decoded: ${(error as Error).message}`);
  }
}

function logBody(contentType: string | undefined, text: string): unknown {
  if (text === '') return undefined;
  try {
    return contentType === PatchType.apply ? parsePatchBody(contentType, text) : JSON.parse(text);
  } catch {
    return text;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
