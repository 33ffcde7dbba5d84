/**
 * Astra collection parameters for the hook, hook-source, override and appSnap lists (seed-apis.md §4.2; N3):
 *
 * - `filter`: clauses `field op 'value'` joined by `,` or ` and ` (all must hold). Operators `eq`, `lt`, `gt`,
 *   `lte`, `gte` compare the field's text (RFC 3339 timestamps order correctly as text); `in ('a','b')` is one of a
 *   list. A quote inside a value is doubled (`'it''s'`). Fields are the resource's top-level fields, or a dotted
 *   path into `metadata` (`metadata.createdBy`). An operator Capstan does not support (`ne`, `like`, …) is
 *   problems/6; anything malformed, or an unknown field, is problems/5.
 * - `include=id,name`: each item becomes an array of those fields' values in that order (null where absent).
 * - `limit`: at most that many items, after filtering.
 *
 * Only these three parameters are accepted on lists (anything else: problems/6, see onlyQuery); the other Astra
 * collection parameters (`orderBy`, `skip`, `continue`, `count`) are not supported on these endpoints.
 */
import type { preValidationAsyncHookHandler } from 'fastify';
import { AppError, invalid } from '../../../domain/errors.ts';

export interface CollectionParams {
  readonly include?: string | undefined;
  readonly limit?: string | undefined;
  readonly filter?: string | undefined;
}

const SUPPORTED = new Set(['eq', 'lt', 'gt', 'lte', 'gte', 'in']);

interface Clause {
  readonly path: readonly string[];
  readonly op: string;
  readonly values: readonly string[];
}

type Item = Record<string, unknown>;

/** Applies filter, limit and include to the items (already in collection order). */
export function applyCollection<T extends object>(items: readonly T[], params: CollectionParams, fields: readonly string[]): (T | unknown[])[] {
  const clauses = params.filter === undefined ? [] : parseFilter(params.filter, fields);
  const include = params.include === undefined ? null : params.include.split(',');
  for (const name of include ?? []) {
    if (!fields.includes(name)) throw invalid(`include names an unknown field "${name}".`, [{ pointer: '/query/include', detail: `"${name}" is not a field of this resource` }]);
  }
  const limit = params.limit === undefined ? Infinity : Number(params.limit);
  const kept = items.filter((item) => clauses.every((c) => holds(c, item as Item))).slice(0, limit);
  return include === null ? kept : kept.map((item) => include.map((name) => (item as Item)[name] ?? null));
}

/** preValidation hook: any query parameter not in `allowed` is problems/6 (Astra: not supported for this endpoint). */
export function onlyQuery(allowed: readonly string[]): preValidationAsyncHookHandler {
  return async function onlyQueryParams(request) {
    const names = Object.keys((request.query ?? {}) as object);
    const extra = names.filter((n) => !allowed.includes(n));
    if (extra.length > 0) {
      throw new AppError('QUERY_PARAM_UNSUPPORTED', `This endpoint does not support the query parameter${extra.length > 1 ? 's' : ''} ${extra.join(', ')}.`, {
        errors: extra.map((n) => ({ pointer: `/query/${n}`, detail: allowed.length === 0 ? 'no query parameters are supported here' : `is not supported here (supported: ${allowed.join(', ')})` })),
      });
    }
  };
}

export function parseFilter(text: string, fields: readonly string[]): Clause[] {
  const scanner = new Scanner(text);
  const clauses: Clause[] = [];
  for (;;) {
    scanner.spaces();
    const field = scanner.match(/[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*/y) ?? scanner.fail('a field name');
    const path = field.split('.');
    if (!fields.includes(path[0]!) || (path.length > 1 && path[0] !== 'metadata')) {
      throw invalid(`filter names an unknown field "${field}".`, [{ pointer: '/query/filter', detail: `"${field}" is not a field of this resource` }]);
    }
    scanner.spaces(true);
    const op = (scanner.match(/[A-Za-z]+/y) ?? scanner.fail('an operator')).toLowerCase();
    if (!SUPPORTED.has(op)) {
      throw new AppError('QUERY_PARAM_UNSUPPORTED', `filter operator "${op}" is not supported; use eq, lt, gt, lte, gte or in.`, {
        errors: [{ pointer: '/query/filter', detail: `operator "${op}" is not supported (eq, lt, gt, lte, gte, in)` }],
      });
    }
    scanner.spaces(true);
    const values = op === 'in' ? scanner.list() : [scanner.quoted()];
    clauses.push({ path, op, values });
    scanner.spaces();
    if (scanner.done()) return clauses;
    if (scanner.match(/,|and\s+/iy) === null) scanner.fail("',' or 'and' between clauses");
  }
}

function holds(clause: Clause, item: Item): boolean {
  let value: unknown = item;
  for (const key of clause.path) value = typeof value === 'object' && value !== null ? (value as Item)[key] : undefined;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
  const text = String(value);
  const target = clause.values[0] ?? '';
  switch (clause.op) {
    case 'eq': return text === target;
    case 'lt': return text < target;
    case 'gt': return text > target;
    case 'lte': return text <= target;
    case 'gte': return text >= target;
    default: return clause.values.includes(text);
  }
}

class Scanner {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  done(): boolean {
    return this.#at >= this.#text.length;
  }

  spaces(required = false): void {
    const start = this.#at;
    while (this.#text[this.#at] === ' ') this.#at++;
    if (required && this.#at === start) this.fail('a space');
  }

  match(pattern: RegExp): string | null {
    pattern.lastIndex = this.#at;
    const found = pattern.exec(this.#text);
    if (!found) return null;
    this.#at += found[0].length;
    return found[0];
  }

  /** 'text' with '' for a quote. */
  quoted(): string {
    if (this.#text[this.#at] !== "'") this.fail("a quoted value ('…')");
    let value = '';
    for (let i = this.#at + 1; i < this.#text.length; i++) {
      if (this.#text[i] !== "'") {
        value += this.#text[i];
        continue;
      }
      if (this.#text[i + 1] === "'") {
        value += "'";
        i++;
        continue;
      }
      this.#at = i + 1;
      return value;
    }
    return this.fail('a closing quote');
  }

  /** ('a', 'b', …) */
  list(): string[] {
    if (this.match(/\(\s*/y) === null) this.fail("a list ('a','b')");
    const values = [this.quoted()];
    while (this.match(/\s*,\s*/y) !== null) values.push(this.quoted());
    if (this.match(/\s*\)/y) === null) this.fail("')' closing the list");
    return values;
  }

  fail(expected: string): never {
    throw invalid(`filter is not valid: expected ${expected} at position ${this.#at + 1}.`, [
      { pointer: '/query/filter', detail: `expected ${expected} at position ${this.#at + 1}` },
    ]);
  }
}
