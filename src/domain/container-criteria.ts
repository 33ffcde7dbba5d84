/**
 * Container matching criteria of execution hooks (Astra `matchingCriteria`, seed-apis.md §4.2/§4.3; H3, X1, X2).
 *
 * A hook applies to a container when EVERY criterion matches it (logical AND). Each criterion is an unanchored RE2
 * search over one attribute of the container: its image reference, its name, its pod's name, its pod's namespace,
 * or — for `podLabel` — any one of its pod's labels rendered `key=value` (a pod without labels matches no podLabel
 * criterion). "Unanchored" means `payroll` finds `registry.example/payroll:2`; `^payroll$` matches only that name,
 * as Astra documents. No criteria at all = every container.
 *
 * Patterns are compiled once with re2js (an RE2 port: no backreferences or lookaround, and matching time linear in
 * the input), never with RegExp, so a user's pattern such as `(a+)+$` cannot stall the process (X1). A pattern
 * RE2 cannot compile is refused when the hook is saved, never silently widened.
 */
import { RE2JS } from 're2js';
import { AppError, type FieldError } from './errors.ts';

export const CriterionType = {
  containerImage: 'containerImage',
  containerName: 'containerName',
  podName: 'podName',
  podLabel: 'podLabel',
  namespaceName: 'namespaceName',
} as const;
export type CriterionType = (typeof CriterionType)[keyof typeof CriterionType];
export const CRITERION_TYPES: readonly CriterionType[] = Object.values(CriterionType);

export interface MatchingCriterion {
  readonly type: CriterionType;
  /** An RE2 regular expression, searched (not anchored) in the attribute named by `type`. */
  readonly value: string;
}

/** Astra allows 0–10 criteria per hook. */
export const MAX_CRITERIA = 10;
/** X2: patterns are bounded too (RE2 programs grow with the pattern). */
export const MAX_PATTERN_LENGTH = 1024;

/** One running container as the criteria see it. */
export interface ContainerTarget {
  readonly namespace: string;
  readonly podName: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly containerName: string;
  readonly containerImage: string;
}

/** What an RE2 search may run over: text, or UTF-8 bytes (re2js reads the latter element by element). */
export type SearchSubject = string | readonly number[];

export class CompiledCriterion {
  readonly type: CriterionType;
  readonly value: string;
  readonly #pattern: RE2JS;

  constructor(criterion: MatchingCriterion, pattern: RE2JS) {
    this.type = criterion.type;
    this.value = criterion.value;
    this.#pattern = pattern;
  }

  /** Unanchored search: true when the pattern occurs anywhere in `subject`. Linear in the subject's length. */
  search(subject: SearchSubject): boolean {
    return this.#pattern.matcher(subject as string).find();
  }

  matches(target: ContainerTarget): boolean {
    return subjectsOf(this.type, target).some((subject) => this.search(subject));
  }
}

export type CompiledCriteria = readonly CompiledCriterion[];

/**
 * Compiles every criterion, or throws CONDITION_REGEX_INVALID naming each pattern RE2 refuses
 * (`<pointerBase>/<index>/value`), so the caller can report all of them at once.
 */
export function compileCriteria(criteria: readonly MatchingCriterion[], pointerBase = '/body/matchingCriteria'): CompiledCriteria {
  const errors: FieldError[] = [];
  const compiled: CompiledCriterion[] = [];
  criteria.forEach((criterion, index) => {
    const pointer = `${pointerBase}/${index}/value`;
    if (criterion.value.length > MAX_PATTERN_LENGTH) {
      errors.push({ pointer, detail: `must be at most ${MAX_PATTERN_LENGTH} characters` });
      return;
    }
    try {
      compiled.push(new CompiledCriterion(criterion, RE2JS.compile(criterion.value)));
    } catch (error) {
      errors.push({ pointer, detail: `is not a valid RE2 expression: ${reasonOf(error)}` });
    }
  });
  if (errors.length > 0) {
    throw new AppError('CONDITION_REGEX_INVALID', `matchingCriteria must be RE2 expressions (https://github.com/google/re2/wiki/Syntax): ${errors.map((e) => e.detail).join('; ')}.`, { errors });
  }
  return compiled;
}

/** AND of every criterion; no criteria = every container. */
export function matchesAll(criteria: CompiledCriteria, target: ContainerTarget): boolean {
  return criteria.every((criterion) => criterion.matches(target));
}

/** The targets the criteria select, in the order given. */
export function selectTargets<T extends ContainerTarget>(criteria: CompiledCriteria, targets: readonly T[]): T[] {
  return targets.filter((target) => matchesAll(criteria, target));
}

/** Astra's `matchingCriteria` items are unique: the index of the first repeated item, or -1. */
export function firstDuplicateCriterion(criteria: readonly MatchingCriterion[]): number {
  const seen = new Set<string>();
  for (const [index, c] of criteria.entries()) {
    const key = `${c.type}\u0000${c.value}`;
    if (seen.has(key)) return index;
    seen.add(key);
  }
  return -1;
}

function subjectsOf(type: CriterionType, target: ContainerTarget): string[] {
  switch (type) {
    case 'containerImage':
      return [target.containerImage];
    case 'containerName':
      return [target.containerName];
    case 'podName':
      return [target.podName];
    case 'namespaceName':
      return [target.namespace];
    case 'podLabel':
      return Object.entries(target.podLabels).map(([key, value]) => `${key}=${value}`);
  }
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // re2js prefixes its messages with the exception class; the RE2 reason is what helps the user.
  return message.replace(/^error parsing regexp:\s*/i, '').slice(0, 200);
}
