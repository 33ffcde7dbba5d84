// Strategic merge patch (application/strategic-merge-patch+json) for the built-in kinds served here.
// Semantics: k8s.io/apimachinery/pkg/util/strategicpatch/patch.go and
// https://github.com/kubernetes/community/blob/master/contributors/devel/sig-api-machinery/strategic-merge-patch.md.
// Lists merge by the `patchMergeKey` tags of k8s.io/api (core/v1/types.go); every other list is replaced.
import { badRequest } from './status.ts';
import { clone, isObject } from './types.ts';

/** patchMergeKey by field name (k8s.io/api core/v1 and meta/v1 types.go). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', env: 'name', volumes: 'name',
  volumeMounts: 'mountPath', volumeDevices: 'devicePath', imagePullSecrets: 'name', ownerReferences: 'uid',
  conditions: 'type', hostAliases: 'ip', topologySpreadConstraints: 'topologyKey', resourceClaims: 'name',
};
/** Lists of scalars with patchStrategy "merge" (metadata.finalizers). */
export const PRIMITIVE_MERGE = new Set(['finalizers']);

export function mergeKeyFor(path: string[]): string | undefined {
  const field = path.at(-1) ?? '';
  // Container ports merge by containerPort; Service ports by port (ServiceSpec.Ports patchMergeKey "port").
  if (field === 'ports') return path.some((p) => p.endsWith('ontainers')) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

/** Applies `patch` to `original` and returns a new value; `original` is not modified. */
export function strategicMerge(original: unknown, patch: unknown, path: string[] = []): unknown {
  if (!isObject(patch)) return clone(patch);
  const directive = patch.$patch;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive === 'delete') return undefined;
  if (directive !== undefined) throw badRequest(`Unknown patch type: ${String(directive)}`);
  const result: Record<string, unknown> = isObject(original) ? clone(original) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else if (Array.isArray(value)) result[key] = mergeList(result[key], value, [...path, key]);
    else if (isObject(value)) {
      const merged = strategicMerge(result[key], value, [...path, key]);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else result[key] = value;
  }
  applyListDirectives(result, patch);
  if (Array.isArray(patch.$retainKeys)) {
    for (const key of Object.keys(result)) if (!patch.$retainKeys.includes(key)) delete result[key];
  }
  return result;
}

function mergeList(original: unknown, patch: unknown[], path: string[]): unknown[] {
  const field = path.at(-1) ?? '';
  if (patch.some((item) => isObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isObject(item) && item.$patch === 'replace')).map(stripDirectives);
  }
  const base = Array.isArray(original) ? clone(original) : [];
  if (PRIMITIVE_MERGE.has(field)) return [...base, ...patch.filter((v) => !base.includes(v))];
  const mergeKey = mergeKeyFor(path);
  if (!mergeKey) return patch.map(stripDirectives);
  for (const item of patch) {
    if (!isObject(item) || !(mergeKey in item)) throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    const index = base.findIndex((el) => isObject(el) && el[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (index >= 0) base.splice(index, 1);
    } else if (index >= 0) base[index] = strategicMerge(base[index], item, path);
    else base.push(strategicMerge({}, item, path));
  }
  return base;
}

/** `$setElementOrder/<list>` and `$deleteFromPrimitiveList/<list>` (patch.go: setElementOrderDirectivePrefix, deleteFromPrimitiveListDirectivePrefix). */
function applyListDirectives(result: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (!Array.isArray(value)) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const list = result[field];
      if (Array.isArray(list)) result[field] = list.filter((v) => !value.includes(v));
    }
    if (key.startsWith('$setElementOrder/')) {
      const field = key.slice('$setElementOrder/'.length);
      const list = result[field];
      if (Array.isArray(list)) result[field] = reorder(list, value);
    }
  }
}

function reorder(list: unknown[], order: unknown[]): unknown[] {
  const rank = (el: unknown): number => {
    const i = order.findIndex((o) => (isObject(o) && isObject(el) ? Object.entries(o).every(([k, v]) => el[k] === v) : o === el));
    return i < 0 ? order.length : i;
  };
  return list.map((el, i) => ({ el, i })).sort((a, b) => rank(a.el) - rank(b.el) || a.i - b.i).map((x) => x.el);
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) out[k] = stripDirectives(v);
  return out;
}
