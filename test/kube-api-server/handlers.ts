// The generic REST verbs over the store, following apiserver's registry rules (k8s.io/apiserver pkg/registry/rest
// create.go/update.go and pkg/endpoints/handlers): system fields are the server's, the status subresource owns
// .status, resourceVersion is a precondition on PUT and on PATCH when the patch carries it (rule K15), and writes
// into a missing namespace fail with 404 like the NamespaceLifecycle admission plugin.
import { randomBytes } from 'node:crypto';
import { applyDefaults } from './defaults.ts';
import { updateOwnership } from './field-manager.ts';
import { apiVersionOf, RESOURCES, type ResourceType } from './resources.ts';
import { matchesRequirements, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { badRequest, conflict, forbidden, invalid, notFound, successStatus } from './status.ts';
import type { ObjectStore } from './store.ts';
import { clone, isObject, type KubeObject } from './types.ts';
import { validateObject, validateUpdate } from './validation.ts';

export interface Target { r: ResourceType; namespace: string | null; name: string; subresource: string }
export interface Reply { status: number; body: unknown }

const NAMESPACES = RESOURCES.find((r) => r.kind === 'Namespace') as ResourceType;

export function getObject(store: ObjectStore, t: Target): Reply {
  const obj = store.get(t.r, t.namespace, t.name);
  if (!obj) throw notFound(t.r, t.name);
  return { status: 200, body: obj };
}

export function selectObjects(store: ObjectStore, r: ResourceType, namespace: string | null, query: URLSearchParams): KubeObject[] {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
  return store.list(r, namespace).filter((o) => matchesRequirements(o.metadata.labels, labels) && fields(o));
}

/** Items of a typed list carry no kind/apiVersion on the wire; the list's metadata.resourceVersion is the store's. */
export function listObjects(store: ObjectStore, r: ResourceType, namespace: string | null, query: URLSearchParams): Reply {
  const items = selectObjects(store, r, namespace, query).map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  return { status: 200, body: { kind: `${r.kind}List`, apiVersion: apiVersionOf(r), metadata: { resourceVersion: String(store.revision) }, items } };
}

/**
 * `manager` (field manager) records who set the fields (field-manager.ts); `own` replaces that bookkeeping for
 * server-side apply, which creates through here.
 */
export function createObject(store: ObjectStore, t: Target, body: unknown, manager?: string, own?: (obj: KubeObject) => KubeObject): Reply {
  const obj = asObject(t.r, body);
  if (t.r.namespaced) {
    if (obj.metadata.namespace && obj.metadata.namespace !== t.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    obj.metadata.namespace = t.namespace ?? 'default';
    requireNamespace(store, t.r, obj);
  }
  if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = obj.metadata.generateName + randomSuffix();
  prepareForCreate(t.r, obj);
  const owned = own ? own(obj) : manager === undefined ? obj : updateOwnership(null, obj, manager);
  return { status: 201, body: store.create(t.r, owned) };
}

export function updateObject(store: ObjectStore, t: Target, body: unknown, manager?: string): Reply {
  const obj = asObject(t.r, body);
  checkIdentity(t, obj);
  const old = store.get(t.r, t.namespace, t.name);
  if (!old) throw notFound(t.r, t.name);
  if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion) throw conflict(t.r, t.name);
  const prepared = prepareForUpdate(t, obj, old);
  return { status: 200, body: store.update(t.r, manager === undefined || t.subresource !== '' ? prepared : updateOwnership(old, prepared, manager)) };
}

/** Shared tail of PUT and PATCH: the subresource decides which half of the object the request may change. */
export function prepareForUpdate(t: Target, input: KubeObject, old: KubeObject): KubeObject {
  let obj: KubeObject;
  if (t.subresource === 'status') obj = { ...clone(old), status: input.status ?? {} };
  else {
    obj = clone(input);
    if (t.r.subresources.includes('status')) obj.status = clone(old.status);
    obj.metadata = { ...obj.metadata, uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp, resourceVersion: old.metadata.resourceVersion };
    if (old.metadata.deletionTimestamp) obj.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    if (old.metadata.generation !== undefined) obj.metadata.generation = old.metadata.generation;
    if (obj.status === undefined) delete obj.status;
  }
  obj.apiVersion = old.apiVersion;
  obj.kind = old.kind;
  applyDefaults(obj);
  const errors = validateUpdate(obj, old);
  if (errors.length > 0) throw invalid(t.r, t.name, errors);
  return obj;
}

export function deleteObject(store: ObjectStore, t: Target, body: unknown, query: URLSearchParams): Reply {
  const old = store.get(t.r, t.namespace, t.name);
  if (!old) throw notFound(t.r, t.name);
  const preconditions = isObject(body) && isObject(body.preconditions) ? body.preconditions : {};
  if (typeof preconditions.resourceVersion === 'string' && preconditions.resourceVersion !== old.metadata.resourceVersion) {
    throw conflict(t.r, t.name, `the ResourceVersion in the precondition (${preconditions.resourceVersion}) does not match the ResourceVersion in record (${old.metadata.resourceVersion}). The object might have been modified`);
  }
  if (t.r.kind === 'Namespace') return { status: 200, body: terminateNamespace(store, old) };
  const policy = (isObject(body) ? body.propagationPolicy : undefined) ?? query.get('propagationPolicy');
  if (policy === 'Orphan') orphanDependents(store, old);
  const { object, removed } = store.delete(t.r, t.namespace, t.name);
  // A delete held by finalizers answers 202 with the object (handlers/delete.go); once done, pods come back as the
  // deleted object (pod registry ReturnDeletedObject) and most kinds as a Success Status.
  if (!removed) return { status: 202, body: object };
  return { status: 200, body: t.r.kind === 'Pod' ? object : successStatus(t.r, t.name, object.metadata.uid) };
}

export function deleteCollection(store: ObjectStore, r: ResourceType, namespace: string | null, query: URLSearchParams): Reply {
  const removed = selectObjects(store, r, namespace, query).map((o) => store.delete(r, o.metadata.namespace ?? null, o.metadata.name).object);
  return { status: 200, body: { kind: `${r.kind}List`, apiVersion: apiVersionOf(r), metadata: { resourceVersion: String(store.revision) }, items: removed } };
}

/** `apply()` of the module API: create or replace with defaults, keeping a given status, skipping validation. */
export function putDirect(store: ObjectStore, r: ResourceType, input: Record<string, unknown>): KubeObject {
  const obj = asObject(r, input);
  if (r.namespaced) obj.metadata.namespace = obj.metadata.namespace ?? 'default';
  const old = store.get(r, obj.metadata.namespace ?? null, obj.metadata.name);
  applyDefaults(obj);
  if (!old) {
    if (obj.status === undefined) initialStatus(obj);
    return store.create(r, obj);
  }
  obj.metadata = { ...obj.metadata, uid: old.metadata.uid, generation: old.metadata.generation ?? 1 };
  if (obj.status === undefined && old.status !== undefined) obj.status = old.status;
  return store.update(r, obj);
}

export function prepareForCreate(r: ResourceType, obj: KubeObject): void {
  for (const field of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'deletionTimestamp'] as const) delete obj.metadata[field];
  if (r.subresources.includes('status')) delete obj.status;
  initialStatus(obj);
  applyDefaults(obj);
  const errors = validateObject(obj);
  if (errors.length > 0) throw invalid(r, obj.metadata.name ?? '', errors);
}

function initialStatus(obj: KubeObject): void {
  if (obj.kind === 'Pod') obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
  if (obj.kind === 'Namespace') obj.status = { phase: 'Active' };
  if (obj.kind === 'PersistentVolumeClaim') obj.status = { phase: 'Pending' };
}

export function asObject(r: ResourceType, body: unknown): KubeObject {
  if (!isObject(body)) throw badRequest('the body of the request must be a JSON object');
  if (body.kind !== undefined && body.kind !== r.kind) throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${r.kind})`);
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersionOf(r)) {
    throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersionOf(r)})`);
  }
  const obj = clone(body) as KubeObject;
  obj.apiVersion = apiVersionOf(r);
  obj.kind = r.kind;
  obj.metadata = isObject(obj.metadata) ? obj.metadata : ({} as KubeObject['metadata']);
  return obj;
}

export function checkIdentity(t: Target, obj: KubeObject): void {
  if (obj.metadata.name !== t.name) throw badRequest(`the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${t.name})`);
  if (t.r.namespaced && obj.metadata.namespace && obj.metadata.namespace !== t.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (t.r.namespaced) obj.metadata.namespace = t.namespace ?? 'default';
}

export function requireNamespace(store: ObjectStore, r: ResourceType, obj: KubeObject): void {
  const ns = store.get(NAMESPACES, null, obj.metadata.namespace ?? '');
  if (!ns) throw notFound(NAMESPACES, obj.metadata.namespace ?? '');
  if (ns.metadata.deletionTimestamp) {
    throw forbidden(r, obj.metadata.name ?? '', `unable to create new content in namespace ${ns.metadata.name} because it is being terminated`);
  }
}

/** Namespace deletion is two-phase: Terminating now, contents and the namespace removed by the garbage collector. */
function terminateNamespace(store: ObjectStore, ns: KubeObject): KubeObject {
  if (ns.metadata.deletionTimestamp) return ns;
  ns.metadata.deletionTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  ns.status = { ...ns.status, phase: 'Terminating' };
  return store.update(NAMESPACES, ns);
}

function orphanDependents(store: ObjectStore, owner: KubeObject): void {
  for (const r of RESOURCES) {
    if (!r.namespaced) continue;
    for (const o of store.list(r, owner.metadata.namespace ?? null)) {
      const refs = o.metadata.ownerReferences ?? [];
      if (!refs.some((ref) => ref.uid === owner.metadata.uid)) continue;
      o.metadata.ownerReferences = refs.filter((ref) => ref.uid !== owner.metadata.uid);
      store.update(r, o);
    }
  }
}

/** Five characters from the alphabet of k8s.io/apimachinery/pkg/util/rand (no vowels, no confusable digits). */
export function randomSuffix(length = 5): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}
