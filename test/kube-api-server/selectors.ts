// Label and field selectors with the grammar of k8s.io/apimachinery/pkg/labels/selector.go:
// `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a` (exists), `!a` (does not exist), comma = AND.
// `!=` and `notin` also match objects that lack the label (labels.Requirement.Matches).
import { badRequest } from './status.ts';
import { isObject, type LabelSelector } from './types.ts';

type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!';
export interface Requirement { key: string; operator: Operator; values: string[] }

/** Parses a labelSelector query value; throws a 400 BadRequest Status on bad syntax. */
export function parseLabelSelector(text: string): Requirement[] {
  return splitTopLevel(text).map((part) => parseRequirement(part.trim()));
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  if (parts.length === 1 && current.trim() === '') return []; // the empty selector matches everything
  return parts;
}

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`(|[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)`;
const SET = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s*\(([^()]*)\)$`);
const EQ = new RegExp(String.raw`^(${KEY})\s*(==|=|!=)\s*(${VALUE})$`);

function parseRequirement(part: string): Requirement {
  if (part === '') return fail(part);
  const set = SET.exec(part);
  if (set) {
    const values = (set[4] ?? '').split(',').map((v) => v.trim());
    if (values.some((v) => !new RegExp(`^${VALUE}$`).test(v))) fail(part);
    return { key: set[1] ?? '', operator: set[3] === 'in' ? 'in' : 'notin', values };
  }
  const eq = EQ.exec(part);
  if (eq) return { key: eq[1] ?? '', operator: eq[3] === '!=' ? '!=' : '=', values: [eq[4] ?? ''] };
  if (part.startsWith('!') && new RegExp(`^${KEY}$`).test(part.slice(1).trim())) return { key: part.slice(1).trim(), operator: '!', values: [] };
  if (new RegExp(`^${KEY}$`).test(part)) return { key: part, operator: 'exists', values: [] };
  return fail(part);
}

function fail(part: string): never {
  throw badRequest(`unable to parse requirement: found '${part}', expected: identifier, !, in, notin, =, ==, !=`);
}

export function matchesRequirements(labels: Record<string, string> | undefined, requirements: Requirement[]): boolean {
  return requirements.every((req) => matches(labels ?? {}, req));
}

function matches(labels: Record<string, string>, req: Requirement): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  switch (req.operator) {
    case '=': return has && value === req.values[0];
    case '!=': return !has || value !== req.values[0];
    case 'in': return has && req.values.includes(value ?? '');
    case 'notin': return !has || !req.values.includes(value ?? '');
    case 'exists': return has;
    case '!': return !has;
  }
}

/** metav1.LabelSelector (matchLabels + matchExpressions) as requirements; an empty selector matches everything. */
export function selectorRequirements(selector: LabelSelector | undefined): Requirement[] {
  const reqs: Requirement[] = Object.entries(selector?.matchLabels ?? {}).map(([key, v]) => ({ key, operator: '=', values: [v] }));
  for (const e of selector?.matchExpressions ?? []) {
    const op = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' }[e.operator] as Operator | undefined;
    if (op) reqs.push({ key: e.key, operator: op, values: e.values ?? [] });
  }
  return reqs;
}

export function labelsMatchSelector(labels: Record<string, string> | undefined, selector: LabelSelector | undefined): boolean {
  return matchesRequirements(labels, selectorRequirements(selector));
}

/** fieldSelector: `path=value`, `path==value`, `path!=value` on dotted paths (metadata.name, status.phase, spec.nodeName). */
export function parseFieldSelector(text: string): (obj: Record<string, unknown>) => boolean {
  const terms = text.split(',').filter((t) => t.trim() !== '').map((term) => {
    const m = /^([A-Za-z0-9.]+)\s*(==|=|!=)\s*(.*)$/.exec(term.trim());
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    return { path: (m[1] ?? '').split('.'), negate: m[2] === '!=', value: m[3] ?? '' };
  });
  return (obj) => terms.every((t) => (fieldValue(obj, t.path) === t.value) !== t.negate);
}

function fieldValue(obj: unknown, path: string[]): string {
  let cur: unknown = obj;
  for (const p of path) cur = isObject(cur) ? cur[p] : undefined;
  return cur === undefined || cur === null ? '' : String(cur);
}
