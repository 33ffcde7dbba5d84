// Field ownership of server-side apply (metadata.managedFields), after k8s.io/apiserver's fieldmanager and
// sigs.k8s.io/structured-merge-diff, for what Capstan's tests need:
// - every write to the main resource records who set which fields: `Apply` entries for apply patches (manager =
//   `fieldManager`), `Update` entries for create/update/other patches (manager = `fieldManager`, else the
//   User-Agent up to its first "/", apiserver `managerOrUserAgent`); an update takes the fields it changed from
//   other managers without conflict and drops fields it removed from everyone;
// - an apply that sets a field another manager owns to a different value fails with 409 Conflict, reason
//   `Conflict`, causes of type `FieldManagerConflict` and the message of fieldmanager/internal/conflict.go
//   (`Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas`), unless `force=true`,
//   which takes those fields over; fields this manager applied before and no longer applies are removed unless
//   another manager owns them;
// - an object without managedFields that gets applied to is first owned whole by `before-first-apply`
//   (fieldmanager `missingManagedFields`);
// - managedFields are encoded as FieldsV1 (`f:<field>`, `k:<key json>` for items of keyed lists with `.` marking
//   the item itself, `v:<json>` for set items); apiVersion/kind/status and system metadata are never owned.
// Approximations: list keys are the strategic-merge keys of strategic-merge.ts (container ports by containerPort
// only); no per-manager timestamps on no-op writes; status subresource writes are not tracked.
import { ApiError, badRequest } from './status.ts';
import { mergeKeyFor, PRIMITIVE_MERGE } from './strategic-merge.ts';
import { canonicalJson, clone, isObject, rfc3339, type KubeObject } from './types.ts';

type Segment = { f: string } | { k: Record<string, unknown> } | { v: unknown };
type Path = Segment[];
type Fields = Map<string, Path>;

interface Entry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fields: Fields;
}

const SYSTEM_META = new Set(['name', 'namespace', 'generateName', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink']);
export const BEFORE_FIRST_APPLY = 'before-first-apply';

/** apiserver managerOrUserAgent: the fieldManager query parameter, else the User-Agent up to its first "/". */
export function managerOf(query: URLSearchParams, userAgent: string | undefined): string {
  return query.get('fieldManager') || (userAgent ?? '').split('/')[0] || 'unknown';
}

/** Checks an apply body the way fieldmanager.Apply does before merging (400s). */
export function checkApplyBody(patch: Record<string, unknown>, apiVersion: string, kind: string, name: string): void {
  if (patch.apiVersion !== apiVersion) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${String(patch.apiVersion ?? '')}, expected: ${apiVersion}`);
  }
  if (patch.kind !== kind) throw badRequest(`the kind in the data (${String(patch.kind ?? '')}) does not match the expected kind (${kind})`);
  const metadata = isObject(patch.metadata) ? patch.metadata : {};
  if (metadata.managedFields !== undefined && metadata.managedFields !== null) throw badRequest('metadata.managedFields must be nil');
  if (metadata.name !== name) throw badRequest(`the name of the object (${String(metadata.name ?? '')}) does not match the name on the URL (${name})`);
}

/**
 * Server-side apply of `intent` by `manager` onto `live` (null when creating), given `merged` = live with the
 * intent merged in. Returns the object to store, with removed fields dropped and managedFields updated, or throws
 * the apply conflict.
 */
export function applyOwnership(live: KubeObject | null, merged: KubeObject, intent: Record<string, unknown>, manager: string, force: boolean): KubeObject {
  const apiVersion = merged.apiVersion;
  const entries = live ? decode(live) : [];
  if (live && entries.length === 0) entries.push(entry(BEFORE_FIRST_APPLY, 'Update', apiVersion, fieldsOf(live)));
  const applied = fieldsOf(intent);
  const mine = entries.find((e) => e.manager === manager && e.operation === 'Apply');
  const conflicts: { entry: Entry; path: Path }[] = [];
  for (const [key, path] of applied) {
    if (!live || isItem(path)) continue;
    const current = valueAt(live, path);
    if (current === undefined || canonicalJson(current) === canonicalJson(valueAt(intent, path))) continue;
    for (const other of entries) if (other !== mine && other.fields.has(key)) conflicts.push({ entry: other, path });
  }
  if (conflicts.length > 0 && !force) throw conflictError(conflicts);
  for (const { entry: other, path } of conflicts) other.fields.delete(keyOf(path));

  const result = clone(merged);
  for (const [key, path] of mine?.fields ?? []) {
    if (!applied.has(key) && !entries.some((e) => e !== mine && e.fields.has(key))) removeAt(result, path);
  }
  const next = entries.filter((e) => e !== mine);
  const mineAfter = entry(manager, 'Apply', apiVersion, applied);
  // Nothing changed for this manager: keep its entry as it was, so a repeated apply is a no-op write.
  if (mine && live && sameKeys(mine.fields, applied) && canonicalJson(withoutManaged(result)) === canonicalJson(withoutManaged(live))) mineAfter.time = mine.time;
  next.push(mineAfter);
  result.metadata.managedFields = encode(next.filter((e) => e.fields.size > 0));
  return result;
}

/** An update (create, PUT, non-apply PATCH) by `manager`: takes what it changed, drops what it removed. */
export function updateOwnership(old: KubeObject | null, updated: KubeObject, manager: string): KubeObject {
  const entries = old ? decode(old) : [];
  const before = old ? fieldsOf(old) : new Map<string, Path>();
  const after = fieldsOf(updated);
  const changed = [...after].filter(([key, path]) => {
    if (!old || !before.has(key)) return true;
    // An item of a keyed list changes hands only when it is new; its fields are compared one by one.
    return !isItem(path) && canonicalJson(valueAt(old, path) ?? null) !== canonicalJson(valueAt(updated, path) ?? null);
  });
  const removed = [...before.keys()].filter((key) => !after.has(key));
  const result = clone(updated);
  if (changed.length === 0 && removed.length === 0) {
    if (old?.metadata.managedFields !== undefined) result.metadata.managedFields = clone(old.metadata.managedFields);
    return result;
  }
  for (const e of entries) {
    for (const [key] of changed) e.fields.delete(key);
    for (const key of removed) e.fields.delete(key);
  }
  let mine = entries.find((e) => e.manager === manager && e.operation === 'Update' && e.apiVersion === updated.apiVersion);
  if (!mine) entries.push((mine = entry(manager, 'Update', updated.apiVersion, new Map())));
  for (const [key, path] of changed) mine.fields.set(key, path);
  mine.time = rfc3339();
  result.metadata.managedFields = encode(entries.filter((e) => e.fields.size > 0));
  return result;
}

/** Every field an object sets, as structured-merge-diff sees it (leaves, atomic lists, and items of keyed lists). */
function fieldsOf(obj: Record<string, unknown>): Fields {
  const out: Fields = new Map();
  const add = (path: Path) => out.set(keyOf(path), path);
  const walk = (value: unknown, path: Path, names: string[]): void => {
    if (Array.isArray(value)) {
      const field = names.at(-1) ?? '';
      const mergeKey = mergeKeyFor(names);
      if (PRIMITIVE_MERGE.has(field)) for (const item of value) add([...path, { v: item }]);
      else if (mergeKey && value.every((item) => isObject(item) && mergeKey in item)) {
        for (const item of value as Record<string, unknown>[]) {
          const itemPath: Path = [...path, { k: { [mergeKey]: item[mergeKey] } }];
          add(itemPath);
          for (const [k, v] of Object.entries(item)) walk(v, [...itemPath, { f: k }], [...names, k]);
        }
      } else add(path);
      return;
    }
    if (isObject(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) {
        if (path.length === 0 && (k === 'apiVersion' || k === 'kind' || k === 'status')) continue;
        if (path.length === 1 && 'f' in path[0]! && path[0].f === 'metadata' && SYSTEM_META.has(k)) continue;
        if (v !== undefined) walk(v, [...path, { f: k }], [...names, k]);
      }
      return;
    }
    if (path.length > 0) add(path);
  };
  walk(obj, [], []);
  return out;
}

function sameKeys(a: Fields, b: Fields): boolean {
  return a.size === b.size && [...a.keys()].every((key) => b.has(key));
}

function withoutManaged(obj: KubeObject): unknown {
  const { managedFields: _m, resourceVersion: _rv, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function isItem(path: Path): boolean {
  const last = path.at(-1);
  return last !== undefined && !('f' in last);
}

function keyOf(path: Path): string {
  return canonicalJson(path);
}

function valueAt(obj: unknown, path: Path): unknown {
  let current: unknown = obj;
  for (const seg of path) {
    if ('f' in seg) current = isObject(current) ? current[seg.f] : undefined;
    else current = Array.isArray(current) ? current.find((item) => matches(item, seg)) : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

function removeAt(obj: Record<string, unknown>, path: Path): void {
  const parent = valueAt(obj, path.slice(0, -1));
  const last = path.at(-1);
  if (!last) return;
  if ('f' in last) {
    if (isObject(parent)) delete parent[last.f];
  } else if (Array.isArray(parent)) {
    const at = parent.findIndex((item) => matches(item, last));
    if (at >= 0) parent.splice(at, 1);
  }
}

function matches(item: unknown, seg: Segment): boolean {
  if ('k' in seg) return isObject(item) && Object.entries(seg.k).every(([k, v]) => canonicalJson(item[k]) === canonicalJson(v));
  return 'v' in seg && canonicalJson(item) === canonicalJson(seg.v);
}

/** structured-merge-diff's path text: `.spec.template.spec.containers[name="web"].image`. */
function pathText(path: Path): string {
  return path.map((seg) => {
    if ('f' in seg) return `.${seg.f}`;
    if ('k' in seg) return `[${Object.entries(seg.k).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    return `[=${JSON.stringify(seg.v)}]`;
  }).join('');
}

/** fieldmanager/internal/conflict.go printManager: Update managers name their API version. */
function managerText(e: Entry): string {
  return e.operation === 'Update' ? `"${e.manager}" using ${e.apiVersion}` : `"${e.manager}"`;
}

function conflictError(conflicts: readonly { entry: Entry; path: Path }[]): ApiError {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${managerText(c.entry)}`, field: pathText(c.path) }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: ${causes[0]!.message}: ${causes[0]!.field}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) byManager.set(managerText(c.entry), [...(byManager.get(managerText(c.entry)) ?? []), pathText(c.path)]);
    const lines = [...byManager.keys()].sort().flatMap((m) => [`conflicts with ${m}:`, ...(byManager.get(m) ?? []).map((p) => `- ${p}`)]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Conflict', details: { causes }, code: 409 });
}

function entry(manager: string, operation: Entry['operation'], apiVersion: string, fields: Fields): Entry {
  return { manager, operation, apiVersion, time: rfc3339(), fields };
}

function encode(entries: readonly Entry[]): Record<string, unknown>[] {
  return entries.map((e) => {
    const root: Record<string, unknown> = {};
    for (const path of e.fields.values()) {
      let node = root;
      for (const seg of path) {
        const key = 'f' in seg ? `f:${seg.f}` : 'k' in seg ? `k:${canonicalJson(seg.k)}` : `v:${canonicalJson(seg.v)}`;
        node = (node[key] ??= {}) as Record<string, unknown>;
      }
      if (isItem(path) && !('v' in (path.at(-1) as Segment))) node['.'] = {};
    }
    return { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, time: e.time, fieldsType: 'FieldsV1', fieldsV1: root };
  });
}

function decode(obj: KubeObject): Entry[] {
  const list = Array.isArray(obj.metadata.managedFields) ? obj.metadata.managedFields : [];
  return list.filter(isObject).map((raw) => {
    const fields: Fields = new Map();
    const walk = (node: Record<string, unknown>, prefix: Path): void => {
      for (const [key, child] of Object.entries(node)) {
        if (key === '.') {
          fields.set(keyOf(prefix), prefix);
          continue;
        }
        const body = key.slice(2);
        const seg: Segment = key.startsWith('k:') ? { k: JSON.parse(body) as Record<string, unknown> } : key.startsWith('v:') ? { v: JSON.parse(body) } : { f: body };
        const path = [...prefix, seg];
        if (isObject(child) && Object.keys(child).length > 0) walk(child, path);
        else fields.set(keyOf(path), path);
      }
    };
    walk(isObject(raw.fieldsV1) ? raw.fieldsV1 : {}, []);
    return {
      manager: String(raw.manager ?? ''), operation: raw.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: String(raw.apiVersion ?? obj.apiVersion), time: String(raw.time ?? rfc3339()), fields,
    };
  });
}
