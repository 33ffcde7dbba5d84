// `?watch=true` on a collection: a chunked stream of JSON lines {"type":"ADDED|MODIFIED|DELETED|ERROR","object":…}
// (api-concepts "Efficient detection of changes"). Without resourceVersion (or with "0") the stream starts with
// synthetic ADDED events for what exists; with one, it replays newer events, or sends an ERROR carrying a
// 410 Expired Status when that version is older than the kept history (clients then re-list, rule K10).
import type { ServerResponse } from 'node:http';
import { selectObjects } from './handlers.ts';
import type { ResourceType } from './resources.ts';
import { matchesRequirements, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { expired } from './status.ts';
import type { ObjectStore, StoreEvent } from './store.ts';

export function serveWatch(store: ObjectStore, r: ResourceType, namespace: string | null, query: URLSearchParams, res: ServerResponse): () => void {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
  const wanted = (e: StoreEvent): boolean => e.resource === r
    && (namespace === null || e.object.metadata.namespace === namespace)
    && matchesRequirements(e.object.metadata.labels, labels) && fields(e.object);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  const send = (type: string, object: unknown): void => {
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const since = query.get('resourceVersion') ?? '';
  if (since === '' || since === '0') {
    for (const obj of selectObjects(store, r, namespace, query)) send('ADDED', obj);
  } else {
    const from = Number(since);
    const oldest = store.history[0]?.resourceVersion ?? store.revision + 1;
    if (!Number.isFinite(from) || from < oldest - 1) {
      send('ERROR', expired(`too old resource version: ${since} (${oldest - 1})`).status);
      res.end();
      return () => {};
    }
    for (const e of store.history) if (e.resourceVersion > from && wanted(e)) send(e.type, e.object);
  }
  const unsubscribe = store.subscribe((e) => {
    if (wanted(e)) send(e.type, e.object);
  });
  const timeout = Number(query.get('timeoutSeconds') ?? '0');
  const timer = timeout > 0 ? setTimeout(() => stop(), timeout * 1000) : undefined;
  const stop = (): void => {
    unsubscribe();
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  res.on('close', stop);
  return stop;
}
