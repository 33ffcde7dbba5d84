// URL → resource target, for the REST layout of the API server (api-concepts "Resource URIs"):
//   /api/v1/[namespaces/{ns}/]{plural}[/{name}[/{subresource}]]
//   /apis/{group}/{version}/[namespaces/{ns}/]{plural}[/{name}[/{subresource}]]
import { resourceByPlural, type ResourceType } from './resources.ts';

export interface Route {
  r: ResourceType;
  /** null for cluster-scoped resources and for lists across all namespaces. */
  namespace: string | null;
  name: string | null;
  subresource: string;
}

export function parseRoute(path: string): Route | undefined {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts[1] === 'v1') {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    group = parts[1] ?? '';
    rest = parts.slice(3);
  } else return undefined;
  const version = group === '' ? 'v1' : parts[2] ?? '';
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const r = resourceByPlural(group, version, rest[2] ?? '');
    if (!r?.namespaced || rest.length > 5) return undefined;
    return { r, namespace: rest[1] ?? null, name: rest[3] ?? null, subresource: rest[4] ?? '' };
  }
  const r = resourceByPlural(group, version, rest[0] ?? '');
  if (!r || rest.length > 3 || (r.namespaced && rest.length > 1)) return undefined;
  return { r, namespace: null, name: rest[1] ?? null, subresource: rest[2] ?? '' };
}
