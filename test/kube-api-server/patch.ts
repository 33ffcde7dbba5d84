// PATCH: the four patch types of apiserver handlers/patch.go, then the same update path as PUT. A resourceVersion
// the patch puts into metadata is a precondition (https://github.com/kubernetes/kubernetes/pull/87951, rule K15):
// the patched object keeps the stored resourceVersion unless the patch set one, so comparing them is exactly the
// real check. Without one the patch applies to the latest object (no 409).
import { parse as parseYaml } from 'yaml';
import { checkIdentity, createObject, prepareForUpdate, type Reply, type Target } from './handlers.ts';
import { applyJsonPatch } from './json-patch.ts';
import { applyMergePatch } from './merge-patch.ts';
import { ApiError, badRequest, conflict, notFound, unsupportedMediaType } from './status.ts';
import type { ObjectStore } from './store.ts';
import { strategicMerge } from './strategic-merge.ts';
import { applyOwnership, checkApplyBody, managerOf, updateOwnership } from './field-manager.ts';
import { apiVersionOf } from './resources.ts';
import { isObject, type KubeObject } from './types.ts';

export const PatchType = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** Parses a PATCH body by its content type (apply bodies are YAML, and JSON is YAML). */
export function parsePatchBody(contentType: string, text: string): unknown {
  try {
    return contentType === PatchType.apply ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
}

export function patchObject(store: ObjectStore, t: Target, contentType: string, patch: unknown, query: URLSearchParams, userAgent?: string): Reply {
  const accepted = t.r.custom ? [PatchType.json, PatchType.merge, PatchType.apply] : Object.values(PatchType);
  if (!(accepted as string[]).includes(contentType)) throw unsupportedMediaType(contentType, accepted);
  checkPatchOptions(contentType, query);
  const manager = managerOf(query, userAgent);
  const apply = contentType === PatchType.apply;
  // Server-side apply (field-manager.ts): the body must be the object's own apiVersion, kind and name.
  if (apply) checkApplyBody(requireObject(patch), apiVersionOf(t.r), t.r.kind, t.name);
  const force = query.get('force') === 'true';
  const old = store.get(t.r, t.namespace, t.name);
  if (!old) {
    // Server-side apply creates what does not exist (https://kubernetes.io/docs/reference/using-api/server-side-apply/).
    if (apply && isObject(patch)) return createObject(store, t, patch, manager, (created) => applyOwnership(null, created, patch, manager, force));
    throw notFound(t.r, t.name);
  }
  const patched = applyPatch(old, contentType, patch, t.r.custom === true);
  if (!isObject(patched) || !isObject(patched.metadata)) throw badRequest('the patched object is not a Kubernetes object');
  const obj = patched as KubeObject;
  checkIdentity(t, obj);
  if (obj.metadata.resourceVersion !== old.metadata.resourceVersion) throw conflict(t.r, t.name);
  if (t.subresource !== '') return { status: 200, body: store.update(t.r, prepareForUpdate(t, obj, old)) };
  if (apply) return { status: 200, body: store.update(t.r, prepareForUpdate(t, applyOwnership(old, obj, requireObject(patch), manager, force), old)) };
  return { status: 200, body: store.update(t.r, updateOwnership(old, prepareForUpdate(t, obj, old), manager)) };
}

function applyPatch(old: KubeObject, contentType: string, patch: unknown, custom: boolean): unknown {
  switch (contentType) {
    case PatchType.json: return applyJsonPatch(old, patch);
    case PatchType.merge: return applyMergePatch(old, requireObject(patch));
    case PatchType.strategic: return strategicMerge(old, requireObject(patch));
    // Server-side apply is approximated as "merge the applied intent": by merge keys for built-ins, RFC 7386 for CRDs.
    default: return custom ? applyMergePatch(old, requireObject(patch)) : strategicMerge(old, requireObject(patch));
  }
}

function requireObject(patch: unknown): Record<string, unknown> {
  if (!isObject(patch)) throw badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
  return patch;
}

/** PatchOptions validation (apimachinery/pkg/apis/meta/v1/validation ValidatePatchOptions). */
function checkPatchOptions(contentType: string, query: URLSearchParams): void {
  const causes: { reason: string; message: string; field: string }[] = [];
  if (contentType === PatchType.apply && !query.get('fieldManager')) causes.push({ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' });
  if (contentType !== PatchType.apply && query.has('force')) causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' });
  if (causes.length === 0) return;
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  throw new ApiError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Invalid', code: 422,
    message: `PatchOptions.meta.k8s.io "" is invalid: ${causes.length > 1 ? `[${text}]` : text}`,
    details: { group: 'meta.k8s.io', kind: 'PatchOptions', causes },
  });
}
