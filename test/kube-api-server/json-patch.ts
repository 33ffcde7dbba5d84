// RFC 6902 JSON Patch (application/json-patch+json) with RFC 6901 pointers. The API server answers a patch that
// cannot be decoded with 400 and one that cannot be applied with 422 (apiserver handlers/patch.go, jsonPatcher).
import { ApiError, badRequest } from './status.ts';
import { canonicalJson, clone, isObject } from './types.ts';

interface Operation { op: string; path: string; from?: string; value?: unknown }

export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = clone(document);
  for (const raw of patch) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') throw badRequest(`invalid JSON patch operation: ${JSON.stringify(raw)}`);
    doc = applyOperation(doc, raw as unknown as Operation);
  }
  return doc;
}

function applyOperation(doc: unknown, op: Operation): unknown {
  switch (op.op) {
    case 'add': return add(doc, op.path, clone(op.value));
    case 'remove': return remove(doc, op.path).doc;
    case 'replace': get(doc, op.path); return add(remove(doc, op.path).doc, op.path, clone(op.value));
    case 'move': {
      const taken = remove(doc, op.from ?? '');
      return add(taken.doc, op.path, taken.value);
    }
    case 'copy': return add(doc, op.path, clone(get(doc, op.from ?? '')));
    case 'test':
      if (canonicalJson(get(doc, op.path)) !== canonicalJson(op.value)) throw unprocessable(`testing value ${op.path} failed: test failed`);
      return doc;
    default: throw badRequest(`Unexpected kind: ${op.op}`);
  }
}

function unprocessable(message: string): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Invalid', code: 422 });
}

function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw unprocessable(`invalid JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(doc: unknown, pointer: string): { parent: unknown; last: string } {
  const parts = tokens(pointer);
  const last = parts.pop();
  if (last === undefined) return { parent: undefined, last: '' };
  let cur = doc;
  for (const p of parts) {
    cur = Array.isArray(cur) ? cur[Number(p)] : isObject(cur) ? cur[p] : undefined;
    if (cur === undefined) throw unprocessable(`doc is missing path: "${pointer}": missing value`);
  }
  return { parent: cur, last };
}

function get(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  const { parent, last } = parentOf(doc, pointer);
  const value = Array.isArray(parent) ? parent[Number(last)] : isObject(parent) ? parent[last] : undefined;
  if (value === undefined) throw unprocessable(`doc is missing path: "${pointer}": missing value`);
  return value;
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '') return value;
  const { parent, last } = parentOf(doc, pointer);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw unprocessable(`unable to access invalid index: ${last}`);
    parent.splice(index, 0, value);
  } else if (isObject(parent)) parent[last] = value;
  else throw unprocessable(`doc is missing path: "${pointer}": missing value`);
  return doc;
}

function remove(doc: unknown, pointer: string): { doc: unknown; value: unknown } {
  const value = get(doc, pointer);
  const { parent, last } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (isObject(parent)) delete parent[last];
  return { doc, value };
}
