import { parseAllDocuments, parse as parseYaml } from 'yaml';
import type { RecordParam } from '../../domain/deploy-record.ts';
import { AppError } from '../../domain/errors.ts';
import type { SecretBox } from '../ports/secret-box.ts';

/**
 * `${name}` placeholders in a plan (set-image images, apply manifests) filled from the record's params when a step
 * runs. `encrypt` values are opened here and only here, so clear text never reaches the store; `$${` writes a
 * literal `${`. A placeholder that names no parameter of the record is PARAM_INVALID: a typo must not deploy the
 * literal text.
 */

const PLACEHOLDER = /\$(\$?)\{([A-Za-z0-9._-]{1,128})\}/g;

/** The record's parameters by key, encrypted ones opened. */
export function paramValues(params: readonly RecordParam[], secrets: SecretBox): ReadonlyMap<string, string> {
  return new Map(params.map((p) => [p.key, p.type === 'encrypt' ? secrets.open(p.value) : p.value]));
}

export function fillText(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, escaped: string, key: string) => {
    if (escaped === '$') return whole.slice(1);
    const value = values.get(key);
    if (value === undefined) throw unknownParam(key);
    return value;
  });
}

/**
 * Parses a manifest (one or more YAML documents) and fills placeholders inside string scalars only, so a value can
 * never change the document's structure (no YAML injection through a parameter). A scalar that is exactly one
 * placeholder takes the parameter's YAML type, so `replicas: ${replicas}` becomes a number.
 */
export function fillManifest(manifest: string, values: ReadonlyMap<string, string>): Record<string, unknown>[] {
  const docs = parseAllDocuments(manifest);
  const objects: Record<string, unknown>[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new AppError('PARAM_INVALID', `The manifest is not valid YAML: ${doc.errors[0]?.message ?? ''}`.trim());
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new AppError('PARAM_INVALID', 'Each manifest document must be a Kubernetes object.');
    objects.push(fillValue(value, values) as Record<string, unknown>);
  }
  if (objects.length === 0) throw new AppError('PARAM_INVALID', 'The manifest holds no object to apply.');
  return objects;
}

function fillValue(value: unknown, values: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return fillScalar(value, values);
  if (Array.isArray(value)) return value.map((item) => fillValue(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillValue(v, values)]));
  }
  return value;
}

function fillScalar(text: string, values: ReadonlyMap<string, string>): unknown {
  const whole = /^\$\{([A-Za-z0-9._-]{1,128})\}$/.exec(text);
  if (whole) {
    const raw = values.get(whole[1] ?? '');
    if (raw === undefined) throw unknownParam(whole[1] ?? '');
    return typedScalar(raw);
  }
  return fillText(text, values);
}

/** `3` → 3, `true` → true; anything that is not a plain YAML scalar stays the string it was. */
function typedScalar(raw: string): unknown {
  try {
    const parsed: unknown = parseYaml(raw);
    return typeof parsed === 'number' || typeof parsed === 'boolean' ? parsed : raw;
  } catch {
    return raw;
  }
}

function unknownParam(key: string): AppError {
  return new AppError('PARAM_INVALID', `The plan uses \${${key}}, but the record has no parameter "${key}".`);
}

/**
 * Masks the clear text of the record's `encrypt` parameters in a message (an API server's validation error can
 * quote the value it rejected), so a step message or record error never carries a secret.
 */
export function maskSecrets(text: string, params: readonly RecordParam[], values: () => ReadonlyMap<string, string>): string {
  if (!params.some((p) => p.type === 'encrypt')) return text;
  let opened: ReadonlyMap<string, string>;
  try {
    opened = values();
  } catch {
    return text; // a value that cannot be opened was never filled in anywhere either
  }
  const secrets = params.filter((p) => p.type === 'encrypt').map((p) => opened.get(p.key) ?? '').filter((v) => v.length >= 3);
  return secrets.reduce((out, secret) => out.split(secret).join('******'), text);
}
