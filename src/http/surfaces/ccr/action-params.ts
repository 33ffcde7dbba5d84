/**
 * Reads one Tencent action's parameters. Both API generations carry the same parameters under different names
 * (2.0 camelCase, `reponame`, `serviceName`; 3.0 PascalCase, `RepoName`, `WorkloadName`), so actions read them by
 * a canonical key and each generation supplies its names. A missing required parameter is PARAM_MISSING
 * (`MissingParameter`), a value of the wrong type or form VALIDATION_FAILED (`InvalidParameter`), a parameter the
 * action does not define PARAM_UNKNOWN (`UnknownParameter`, checked by API 3.0 only: 2.0 requests also carry the
 * common parameters such as Nonce and Signature in the same place).
 */
import { AppError, invalid } from '../../../domain/errors.ts';

export const PARAM_KEYS = [
  'triggerName', 'newTriggerName', 'repoName', 'invokeMethod', 'invokeExpr', 'workloadName', 'workloadType', 'clusterId',
  'namespace', 'containerName', 'clusterRegion', 'offset', 'limit', 'order', 'orderBy',
] as const;
export type ParamKey = (typeof PARAM_KEYS)[number];
export type ParamNames = Readonly<Record<ParamKey, string>>;

/** Where a value came from, for the field pointer of an error. */
export type ParamSource = 'query' | 'body';

export class ActionParams {
  readonly #values: ReadonlyMap<string, { readonly value: unknown; readonly source: ParamSource }>;
  readonly #names: ParamNames;

  constructor(values: ReadonlyMap<string, { readonly value: unknown; readonly source: ParamSource }>, names: ParamNames) {
    this.#values = values;
    this.#names = names;
  }

  /** The wire name of a key in this generation (`reponame` / `RepoName`). */
  nameOf(key: ParamKey): string {
    return this.#names[key];
  }

  /** A string parameter; an empty string counts as absent. */
  string(key: ParamKey): string | undefined {
    const entry = this.#entry(key);
    if (entry === undefined) return undefined;
    if (typeof entry.value !== 'string') throw this.#invalid(key, entry.source, 'must be a string');
    return entry.value === '' ? undefined : entry.value;
  }

  requiredString(key: ParamKey): string {
    const value = this.string(key);
    if (value === undefined) throw this.#missing(key);
    return value;
  }

  /** A string parameter that may be given empty (an `all` condition's expression). */
  text(key: ParamKey): string | undefined {
    const entry = this.#entry(key);
    if (entry === undefined) return undefined;
    if (typeof entry.value !== 'string') throw this.#invalid(key, entry.source, 'must be a string');
    return entry.value;
  }

  /** An integer, given as a JSON number or as decimal text (query strings and forms carry only text). */
  integer(key: ParamKey, range: { readonly min: number; readonly max?: number }): number | undefined {
    const entry = this.#entry(key);
    if (entry === undefined || entry.value === '') return undefined;
    const { value } = entry;
    const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : NaN;
    const max = range.max ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(parsed) || parsed < range.min || parsed > max) {
      throw this.#invalid(key, entry.source, range.max === undefined ? `must be an integer of at least ${range.min}` : `must be an integer from ${range.min} to ${max}`);
    }
    return parsed;
  }

  requiredInteger(key: ParamKey, range: { readonly min: number; readonly max?: number }): number {
    const value = this.integer(key, range);
    if (value === undefined) throw this.#missing(key);
    return value;
  }

  /** One of `allowed`, compared exactly. */
  oneOf<T extends string>(key: ParamKey, allowed: readonly T[], hint?: string): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw this.#invalid(key, this.#entry(key)?.source ?? 'body', hint ?? `must be one of: ${allowed.join(', ')}`);
    }
    return value as T;
  }

  /** Throws PARAM_UNKNOWN naming every given parameter that is not one of `keys` (API 3.0). */
  rejectUnknown(keys: readonly ParamKey[]): void {
    const known = new Set(keys.map((k) => this.#names[k]));
    const unknown = [...this.#values.keys()].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new AppError('PARAM_UNKNOWN', `This action does not take ${unknown.map((n) => `"${n}"`).join(', ')}; it takes ${[...known].join(', ')}.`, {
        errors: unknown.map((name) => ({ pointer: `/${this.#values.get(name)?.source ?? 'body'}/${name}`, detail: 'is not a parameter of this action' })),
      });
    }
  }

  #entry(key: ParamKey): { readonly value: unknown; readonly source: ParamSource } | undefined {
    const entry = this.#values.get(this.#names[key]);
    return entry === undefined || entry.value === undefined || entry.value === null ? undefined : entry;
  }

  #missing(key: ParamKey): AppError {
    const name = this.#names[key];
    return new AppError('PARAM_MISSING', `The parameter ${name} is required.`, { errors: [{ pointer: `/body/${name}`, detail: 'is required' }] });
  }

  #invalid(key: ParamKey, source: ParamSource, detail: string): AppError {
    const name = this.#names[key];
    return invalid(`The parameter ${name} ${detail}.`, [{ pointer: `/${source}/${name}`, detail }]);
  }
}
