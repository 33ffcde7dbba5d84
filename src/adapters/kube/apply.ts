import { PatchStrategy } from '@kubernetes/client-node';
import { AppError } from '../../domain/errors.ts';
import { DEPLOY_ID_ANNOTATION, type ApplyOptions, type ApplyResult, type ObjectRef } from '../../app/ports/kube-gateway.ts';
import { apiRoot, servedResource, type ServedResource } from './discovery.ts';
import { reasonText, type KubeCallContext, type KubeStatus } from './errors.ts';
import type { KubeApi } from './kube-api.ts';
import { asRecord, at, cloneJson, int, isRecord, jsonEqual, str, type KubeObject } from './unstructured.ts';
import { resourceVersionOf } from './workloads.ts';

/**
 * Server-side apply (reference §1.6, K4, K18): `PATCH <object>?fieldManager=capstan[&force=true]` with
 * `Content-Type: application/apply-patch+yaml` and the manifest as body (JSON is YAML). The API server creates the
 * object when it is absent and otherwise merges the applied intent, tracking which fields each manager owns; a field
 * another manager owns with a different value is a 409 conflict unless `force` is set.
 *
 * The object is read first, only to report whether it was created or changed and which deploy last applied it
 * (Q6). The deploy id goes into `metadata.annotations`, which does not roll pods.
 */
export async function applyObject(
  api: KubeApi,
  manifest: Record<string, unknown>,
  deployId: string,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { apiVersion, kind, name } = identity(manifest);
  const resource = await servedResource(api, apiVersion, kind);
  const namespace = resource.namespaced ? (str(at(manifest, 'metadata', 'namespace')) ?? options.namespace) : null;
  const ref: ObjectRef = { apiVersion, kind, namespace, name };
  const path = objectPath(resource, namespace, name);
  const ctx = callContext(resource, ref);

  const existing = await readIfPresent(api, ctx, path);
  const body = intent(manifest, namespace, deployId);
  const query: Record<string, string> = { fieldManager: api.fieldManager, ...(options.force ? { force: 'true' } : {}) };
  const applied = asRecord(await api.raw({ ...ctx, verb: 'apply' }, {
    method: 'PATCH', path, query, contentType: PatchStrategy.ServerSideApply, body: JSON.stringify(body),
  }));
  return {
    object: ref,
    created: existing === null,
    changed: existing === null || !jsonEqual(desired(existing), desired(applied)),
    previousDeployId: existing === null ? null : (str(at(existing, 'metadata', 'annotations', DEPLOY_ID_ANNOTATION)) ?? null),
    resourceVersion: resourceVersionOf(applied),
    generation: int(at(applied, 'metadata', 'generation')),
  };
}

/** The object without what the server or controllers maintain (status, versions, field ownership). */
function desired(obj: KubeObject): unknown {
  const { status: _status, ...rest } = obj;
  const { resourceVersion: _rv, generation: _gen, managedFields: _mf, ...metadata } = asRecord(obj['metadata']);
  return { ...rest, metadata };
}

function identity(manifest: Record<string, unknown>): { apiVersion: string; kind: string; name: string } {
  const apiVersion = str(manifest['apiVersion']);
  const kind = str(manifest['kind']);
  const name = str(at(manifest, 'metadata', 'name'));
  if (!apiVersion || !kind || !name) {
    throw new AppError('PARAM_INVALID', 'A manifest to apply must set apiVersion, kind and metadata.name.');
  }
  return { apiVersion, kind, name };
}

function objectPath(resource: ServedResource, namespace: string | null, name: string): string {
  const scope = namespace === null ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
  return `${apiRoot(resource.apiVersion)}${scope}/${resource.plural}/${encodeURIComponent(name)}`;
}

/** The manifest as sent: namespace filled in, our deploy id added to its annotations, nothing else touched. */
function intent(manifest: Record<string, unknown>, namespace: string | null, deployId: string): KubeObject {
  const body = cloneJson(manifest);
  const metadata = isRecord(body['metadata']) ? body['metadata'] : (body['metadata'] = {});
  if (namespace !== null) metadata['namespace'] = namespace;
  const annotations = isRecord(metadata['annotations']) ? metadata['annotations'] : (metadata['annotations'] = {});
  annotations[DEPLOY_ID_ANNOTATION] = deployId;
  return body;
}

async function readIfPresent(api: KubeApi, ctx: KubeCallContext, path: string): Promise<KubeObject | null> {
  const absent = new AppError('RESOURCE_NOT_FOUND', 'absent');
  try {
    return asRecord(await api.raw({ ...ctx, notFound: () => absent }, { method: 'GET', path }));
  } catch (error) {
    if (error instanceof AppError && error.code === 'RESOURCE_NOT_FOUND') return null;
    throw error;
  }
}

function callContext(resource: ServedResource, ref: ObjectRef): KubeCallContext {
  const group = resource.apiVersion.includes('/') ? `.${resource.apiVersion.split('/')[0]}` : '';
  const what = `${ref.kind} ${ref.namespace === null ? '' : `${ref.namespace}/`}${ref.name}`;
  return {
    verb: 'get',
    resource: `${resource.plural}${group}`,
    ...(ref.namespace === null ? {} : { namespace: ref.namespace }),
    name: ref.name,
    conflict: (status) => new AppError('KUBE_CONFLICT', `Server-side apply of ${what} conflicts with fields other managers own${fieldList(status)}; apply with force to take them over.`),
    invalid: (status) => new AppError('PARAM_INVALID', `The cluster rejected the manifest of ${what} as invalid${reasonText(status)}.`),
  };
}

/** `: conflict with "kubectl" using apps/v1: .spec.replicas; …` from the Status causes (field paths and managers only). */
function fieldList(status: KubeStatus | undefined): string {
  const causes = (status?.causes ?? []).map((c) => [c.message, c.field].filter(Boolean).join(': ')).filter(Boolean);
  return causes.length === 0 ? '' : `: ${causes.slice(0, 5).join('; ').slice(0, 500)}`;
}
