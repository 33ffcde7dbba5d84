// Legacy (unaggregated) discovery documents: /api, /api/v1, /apis, /apis/<group>, /apis/<group>/<version>, and
// /version. Clients that ask for aggregated discovery (apidiscovery.k8s.io/v2) fall back to these when the reply
// is plain application/json (client-go discovery, "legacy fallback"). KubernetesObjectApi needs the resource
// lists to map kinds to plural names (reference stack-feasibility §9).
import type { Reply } from './handlers.ts';
import { apiVersionOf, REVIEW_RESOURCE, RESOURCES, verbsOf, type ResourceType } from './resources.ts';

export const SERVER_VERSION = {
  major: '1', minor: '33', gitVersion: 'v1.33.0-capstan-test', gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean', buildDate: '2025-04-23T00:00:00Z', goVersion: 'go1.24.2', compiler: 'gc', platform: 'linux/amd64',
};

const ALL: readonly ResourceType[] = [...RESOURCES, REVIEW_RESOURCE];

function groups(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of ALL) if (r.group) out.set(r.group, [...new Set([...(out.get(r.group) ?? []), r.version])]);
  return out;
}

function apiGroup(name: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

function resourceList(group: string, version: string): Record<string, unknown> | undefined {
  const members = ALL.filter((r) => r.group === group && r.version === version);
  if (members.length === 0) return undefined;
  const resources = members.flatMap((r) => [
    { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: verbsOf(r), ...(r.shortNames ? { shortNames: r.shortNames } : {}) },
    ...r.subresources.map((sub) => ({
      name: `${r.plural}/${sub}`, singularName: '', namespaced: r.namespaced,
      kind: sub === 'exec' ? 'PodExecOptions' : r.kind, verbs: sub === 'exec' ? ['create', 'get'] : ['get', 'patch', 'update'],
    })),
  ]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(members[0] as ResourceType), resources };
}

/** Answers a discovery path, or undefined when `path` is not one. */
export function discovery(path: string, hostPort: string): Reply | undefined {
  if (path === '/version') return { status: 200, body: SERVER_VERSION };
  if (path === '/api') return { status: 200, body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: hostPort }] } };
  if (path === '/apis') {
    const list = [...groups()].map(([name, versions]) => apiGroup(name, versions));
    return { status: 200, body: { kind: 'APIGroupList', apiVersion: 'v1', groups: list } };
  }
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 2 && parts[0] === 'api') {
    const body = resourceList('', parts[1] ?? '');
    return body ? { status: 200, body } : undefined;
  }
  if (parts[0] !== 'apis') return undefined;
  const versions = groups().get(parts[1] ?? '');
  if (!versions) return undefined;
  if (parts.length === 2) return { status: 200, body: { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(parts[1] ?? '', versions) } };
  if (parts.length === 3) {
    const body = resourceList(parts[1] ?? '', parts[2] ?? '');
    return body ? { status: 200, body } : undefined;
  }
  return undefined;
}
