/**
 * Turns the validator's error list into FieldErrors with JSON Pointers into the request (`/body/name`,
 * `/query/limit`), one per failing field, with the most specific message (an unknown field says so).
 */
import type { FieldError } from '../../domain/errors.ts';

export interface ValidatorIssue {
  readonly keyword?: string;
  readonly instancePath?: string;
  readonly schemaPath?: string;
  readonly params?: Record<string, unknown>;
  readonly message?: string;
}

const PART_PREFIX: Readonly<Record<string, string>> = {
  body: '/body',
  querystring: '/query',
  params: '/path',
  headers: '/headers',
};

// Keywords that only echo a more specific sibling error (anyOf branches, the "schema is false" twin of
// additionalProperties).
const NOISE = new Set(['const', 'anyOf', 'oneOf', 'boolean']);

export function toFieldErrors(context: string, issues: readonly ValidatorIssue[]): FieldError[] {
  const prefix = PART_PREFIX[context] ?? `/${context}`;
  const byPointer = new Map<string, string>();
  // Specific errors first, so an echo (anyOf branch, "schema is false") only fills a pointer nothing else named.
  const ordered = [...issues].sort((a, b) => Number(NOISE.has(a.keyword ?? '')) - Number(NOISE.has(b.keyword ?? '')));
  for (const issue of ordered) {
    for (const { pointer, detail } of describe(issue)) {
      if (!byPointer.has(prefix + pointer)) byPointer.set(prefix + pointer, detail);
    }
  }
  return [...byPointer].map(([pointer, detail]) => ({ pointer, detail }));
}

function describe(issue: ValidatorIssue): FieldError[] {
  const path = issue.instancePath ?? '';
  const params = issue.params ?? {};
  if (issue.keyword === 'required') {
    const missing = (params.requiredProperties ?? [params.missingProperty]) as unknown[];
    return missing.map((name) => ({ pointer: `${path}/${String(name)}`, detail: 'is required' }));
  }
  if (issue.keyword === 'additionalProperties') {
    const extra = (params.additionalProperties ?? [params.additionalProperty]) as unknown[];
    return extra.map((name) => ({ pointer: `${path}/${String(name)}`, detail: 'is not a known field' }));
  }
  if (issue.keyword === 'boolean' && issue.schemaPath?.endsWith('additionalProperties')) {
    return [{ pointer: path, detail: 'is not a known field' }];
  }
  if (issue.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return [{ pointer: path, detail: `must be one of: ${params.allowedValues.join(', ')}` }];
  }
  return [{ pointer: path, detail: issue.message ?? 'is not valid' }];
}
