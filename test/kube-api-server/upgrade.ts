// HTTP upgrade requests (WebSocket): only pods/exec. Logged, authenticated, fault-injected and authorized like any
// request; refusals are written as a plain HTTP response carrying a metav1.Status, as the API server does before
// upgrading. The upgrade is a GET, authorized as `get` on pods/exec and, as from Kubernetes 1.35
// (AuthorizePodWebsocketUpgradeCreatePermission, kubernetes/kubernetes#134577; reference §1.8), also as `create`:
// denying either refuses it with 403.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { EXEC_PROTOCOLS, prepareExec, runExec } from './exec.ts';
import { isAuthorized, toStatusReply, type RequestLogEntry, type ServerContext } from './router.ts';
import { parseRoute } from './routes.ts';
import { badRequest, pathNotFound, unauthorized } from './status.ts';
import { authorize, requestAttributes } from './access.ts';
import { faultError } from './faults.ts';

export function createUpgradeHandler(ctx: ServerContext, execRoot: string): (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => EXEC_PROTOCOLS.find((p) => offered.has(p)) ?? false });
  return async (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const entry: RequestLogEntry = { method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), contentType: req.headers['content-type'], status: 0, body: undefined };
    ctx.requests.push(entry);
    const destroy = (): void => void socket.destroy();
    ctx.closers.add(destroy);
    socket.on('close', () => ctx.closers.delete(destroy));
    try {
      if (!isAuthorized(ctx, req)) throw unauthorized();
      const route = parseRoute(url.pathname);
      const rule = ctx.faults.take(entry.method, url.pathname);
      if (rule?.latencyMs) await new Promise((resolve) => setTimeout(resolve, rule.latencyMs));
      if (rule?.timeout) return void (entry.status = -1);
      if (rule?.status) throw faultError(rule.status, route?.r, route?.name ?? '');
      if (!route || route.subresource !== 'exec' || route.r.kind !== 'Pod' || !route.name || !route.namespace) throw pathNotFound();
      if (entry.method !== 'GET') throw badRequest('WebSocket exec must be requested with GET (SPDY over POST is not served here)');
      const attrs = requestAttributes('GET', route, url.searchParams);
      authorize(ctx.access, route.r, attrs);
      authorize(ctx.access, route.r, { ...attrs, verb: 'create' });
      const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
      if (!EXEC_PROTOCOLS.some((p) => offered.includes(p))) throw badRequest(`none of the offered subprotocols are supported: want one of ${EXEC_PROTOCOLS.join(', ')}`);
      const spec = prepareExec(ctx.store, execRoot, route.namespace, route.name, url.searchParams);
      wss.handleUpgrade(req, socket, head, (ws) => {
        entry.status = 101;
        runExec(ws, spec);
      });
    } catch (error) {
      const reply = toStatusReply(error);
      entry.status = reply.status;
      const body = JSON.stringify(reply.body);
      socket.end(`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    }
  };
}
