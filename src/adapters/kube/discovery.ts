import { AppError } from '../../domain/errors.ts';
import type { KubeApi } from './kube-api.ts';
import { asArray, at, isRecord, str } from './unstructured.ts';

/** What a kind is called on the wire: its plural resource name and whether it lives in a namespace. */
export interface ServedResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const cache = new WeakMap<KubeApi, Map<string, readonly ServedResource[]>>();

/**
 * Maps (apiVersion, kind) to the served resource through discovery (`GET /api/v1`, `GET /apis/<group>/<version>`,
 * an APIResourceList), as kubectl and client-node's KubernetesObjectApi do; one lookup per group version per
 * gateway. Subresources (`deployments/status`) are skipped. An apiVersion or kind the cluster does not serve is
 * PARAM_INVALID: it is a fault of the manifest, not of the cluster.
 */
export async function servedResource(api: KubeApi, apiVersion: string, kind: string): Promise<ServedResource> {
  let perApi = cache.get(api);
  if (!perApi) cache.set(api, (perApi = new Map()));
  let resources = perApi.get(apiVersion);
  if (!resources) {
    resources = await discover(api, apiVersion);
    perApi.set(apiVersion, resources);
  }
  const found = resources.find((r) => r.kind === kind);
  if (!found) throw notServed(apiVersion, kind);
  return found;
}

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function apiRoot(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

async function discover(api: KubeApi, apiVersion: string): Promise<readonly ServedResource[]> {
  if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) throw notServed(apiVersion, '');
  const list = await api.raw(
    { verb: 'get', resource: apiRoot(apiVersion), notFound: () => notServed(apiVersion, '') },
    { method: 'GET', path: apiRoot(apiVersion) },
  );
  return asArray(at(list, 'resources')).filter(isRecord).flatMap((r) => {
    const plural = str(r['name']);
    const kind = str(r['kind']);
    if (plural === undefined || kind === undefined || plural.includes('/')) return [];
    return [{ apiVersion, kind, plural, namespaced: r['namespaced'] === true }];
  });
}

function notServed(apiVersion: string, kind: string): AppError {
  const what = kind === '' ? `API version ${apiVersion}` : `Kind ${kind} of API version ${apiVersion}`;
  return new AppError('PARAM_INVALID', `${what} is not served by this cluster.`);
}
