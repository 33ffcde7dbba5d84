// RFC 7386 JSON Merge Patch (application/merge-patch+json): objects merge recursively, null deletes, anything
// else (lists included) replaces.
import { clone, isObject } from './types.ts';

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const result: Record<string, unknown> = isObject(target) ? clone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}
