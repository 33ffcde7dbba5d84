// In-memory object storage with the system fields the API server owns: metadata.uid, creationTimestamp,
// resourceVersion (one global counter, like etcd's revision) and generation (bumped only when something outside
// metadata and status changes: "A sequence number representing a specific generation of the desired state",
// ObjectMeta docs; apps/v1 strategies bump it on spec changes only).
import { randomUUID } from 'node:crypto';
import { alreadyExists, notFound } from './status.ts';
import { apiVersionOf, type ResourceType } from './resources.ts';
import { canonicalJson, clone, rfc3339, type KubeObject } from './types.ts';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface StoreEvent { type: WatchEventType; resource: ResourceType; object: KubeObject; resourceVersion: number }
type Listener = (event: StoreEvent) => void;

const HISTORY = 2000;

export class ObjectStore {
  #objects = new Map<string, KubeObject>();
  #revision = 1;
  #listeners = new Set<Listener>();
  /** Recent events, for watches that resume from a resourceVersion. */
  readonly history: StoreEvent[] = [];

  get revision(): number {
    return this.#revision;
  }

  get(r: ResourceType, namespace: string | null, name: string): KubeObject | undefined {
    const found = this.#objects.get(key(r, namespace, name));
    return found ? clone(found) : undefined;
  }

  list(r: ResourceType, namespace?: string | null): KubeObject[] {
    const prefix = `${r.plural}.${r.group}/${namespace ?? ''}`;
    const out: KubeObject[] = [];
    for (const [k, obj] of this.#objects) {
      if (k.startsWith(`${r.plural}.${r.group}/`) && (namespace == null || k.startsWith(`${prefix}/`))) out.push(clone(obj));
    }
    return out.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
  }

  /** Stores a new object, filling uid/creationTimestamp/resourceVersion/generation. */
  create(r: ResourceType, input: KubeObject): KubeObject {
    const k = key(r, input.metadata.namespace ?? null, input.metadata.name);
    if (this.#objects.has(k)) throw alreadyExists(r, input.metadata.name);
    const obj = clone(input);
    obj.apiVersion = apiVersionOf(r);
    obj.kind = r.kind;
    obj.metadata.uid = obj.metadata.uid || randomUUID();
    obj.metadata.creationTimestamp = rfc3339();
    if (r.kind !== 'Namespace' && r.kind !== 'Event') obj.metadata.generation = 1;
    return this.#write(r, k, obj, 'ADDED');
  }

  /** Replaces an existing object; keeps uid/creationTimestamp, bumps generation on desired-state changes. */
  update(r: ResourceType, input: KubeObject): KubeObject {
    const k = key(r, input.metadata.namespace ?? null, input.metadata.name);
    const old = this.#objects.get(k);
    if (!old) throw notFound(r, input.metadata.name);
    const obj = clone(input);
    obj.apiVersion = old.apiVersion;
    obj.kind = old.kind;
    obj.metadata.uid = old.metadata.uid;
    obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.generation !== undefined) {
      obj.metadata.generation = old.metadata.generation + (desiredState(old) === desiredState(obj) ? 0 : 1);
    }
    if (canonicalJson({ ...obj, metadata: { ...obj.metadata, resourceVersion: '' } })
      === canonicalJson({ ...old, metadata: { ...old.metadata, resourceVersion: '' } })) {
      return clone(old); // a no-op write does not bump resourceVersion (the real registry skips it too)
    }
    if (obj.metadata.deletionTimestamp && finalizersOf(obj).length === 0) {
      // The last finalizer is gone from an object being deleted: it goes now (api-concepts "Finalizers").
      this.#objects.set(k, obj);
      return this.remove(r, obj.metadata.namespace ?? null, obj.metadata.name);
    }
    return this.#write(r, k, obj, 'MODIFIED');
  }

  /** Graceful delete: objects with finalizers only get a deletionTimestamp; others are removed at once. */
  delete(r: ResourceType, namespace: string | null, name: string): { object: KubeObject; removed: boolean } {
    const old = this.#objects.get(key(r, namespace, name));
    if (!old) throw notFound(r, name);
    if (finalizersOf(old).length === 0) return { object: this.remove(r, namespace, name), removed: true };
    if (old.metadata.deletionTimestamp) return { object: clone(old), removed: false };
    const obj = clone(old);
    obj.metadata.deletionTimestamp = rfc3339();
    return { object: this.#write(r, key(r, namespace, name), obj, 'MODIFIED'), removed: false };
  }

  remove(r: ResourceType, namespace: string | null, name: string): KubeObject {
    const k = key(r, namespace, name);
    const old = this.#objects.get(k);
    if (!old) throw notFound(r, name);
    this.#objects.delete(k);
    const obj = clone(old);
    obj.metadata.resourceVersion = String(++this.#revision);
    this.#emit({ type: 'DELETED', resource: r, object: clone(obj), resourceVersion: this.#revision });
    return obj;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #write(r: ResourceType, k: string, obj: KubeObject, type: WatchEventType): KubeObject {
    obj.metadata.resourceVersion = String(++this.#revision);
    this.#objects.set(k, obj);
    this.#emit({ type, resource: r, object: clone(obj), resourceVersion: this.#revision });
    return clone(obj);
  }

  #emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > HISTORY) this.history.shift();
    for (const listener of this.#listeners) listener(event);
  }
}

function key(r: ResourceType, namespace: string | null, name: string): string {
  return `${r.plural}.${r.group}/${namespace ?? ''}/${name}`;
}

/** metadata.finalizers, plus spec.finalizers for Namespaces (the namespace controller's own "kubernetes"). */
function finalizersOf(obj: KubeObject): unknown[] {
  const specFinalizers = obj.kind === 'Namespace' && Array.isArray(obj.spec?.finalizers) ? obj.spec.finalizers : [];
  return [...(obj.metadata.finalizers ?? []), ...specFinalizers];
}

function desiredState(obj: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return canonicalJson(rest);
}
