/**
 * The tag condition of an image trigger (Tencent CCR/TCR `invokeMethod` + `invokeExpr`, seed-apis.md §2.2/§2.3):
 *
 * - `all`: every tagged push of the repository; the expression must be empty.
 * - `taglist`: the pushed tag is one of the `;`-separated tags, compared exactly after trimming blanks around each
 *   item (`v1; v2` lists `v1` and `v2`); empty items are ignored, but a list with no tag at all is refused.
 * - `regex`: an unanchored RE2 search in the tag, as Tencent does: `release` matches `pre-release-2`, `^release`
 *   only tags that start with it.
 *
 * Conditions are checked when a trigger is written (X1): an empty list, an expression on `all`, or a pattern RE2
 * cannot compile is refused with a sentence saying what to change, never accepted and silently ignored later.
 * Patterns are compiled with re2js (linear-time matching, no backtracking), never RegExp, and bounded in length
 * (X2); the subject is a tag, at most 128 characters by the OCI grammar.
 */
import { RE2JS } from 're2js';
import { AppError, invalid, type FieldError } from './errors.ts';
import { isTag } from './image-push-event.ts';

export const InvokeMethod = { all: 'all', taglist: 'taglist', regex: 'regex' } as const;
export type InvokeMethod = (typeof InvokeMethod)[keyof typeof InvokeMethod];
export const INVOKE_METHODS: readonly InvokeMethod[] = Object.values(InvokeMethod);

export interface TagCondition {
  readonly method: InvokeMethod;
  /** '' for `all`; `v1;v2` for `taglist`; an RE2 pattern for `regex`. Stored and echoed as written. */
  readonly expr: string;
}

/** X2: RE2 programs grow with the pattern; a tag list is bounded the same way. */
export const MAX_EXPR_LENGTH = 1024;

/** The tags of a `taglist` expression: split on `;`, trimmed, empties dropped, duplicates kept once. */
export function tagListOf(expr: string): string[] {
  return [...new Set(expr.split(';').map((item) => item.trim()).filter((item) => item !== ''))];
}

/** A condition ready to evaluate: built once per distinct condition (the matcher caches them). */
export interface CompiledCondition {
  readonly condition: TagCondition;
  matches(tag: string): boolean;
}

/**
 * Validates and compiles a condition. Throws VALIDATION_FAILED (empty list, expression on `all`, a list item that
 * is not a tag, too long) or CONDITION_REGEX_INVALID (RE2 refuses the pattern), each with a FieldError at
 * `pointer` (the expression's place in the caller's request).
 */
export function compileCondition(condition: TagCondition, pointer = '/body/condition/expr'): CompiledCondition {
  const { method, expr } = condition;
  if (expr.length > MAX_EXPR_LENGTH) throw fieldInvalid(pointer, `must be at most ${MAX_EXPR_LENGTH} characters`);
  switch (method) {
    case 'all': {
      if (expr.trim() !== '') {
        throw fieldInvalid(pointer, 'must be empty when the method is "all" (every tag fires); use "taglist" or "regex" to narrow it');
      }
      return { condition, matches: () => true };
    }
    case 'taglist': {
      const tags = tagListOf(expr);
      if (tags.length === 0) throw fieldInvalid(pointer, 'must list at least one tag when the method is "taglist", separated by ";" (e.g. "v1;v2")');
      const bad = tags.filter((tag) => !isTag(tag));
      if (bad.length > 0) {
        throw fieldInvalid(pointer, `lists ${bad.map((t) => `"${t}"`).join(', ')}, which ${bad.length === 1 ? 'is not a' : 'are not'} valid image tag${bad.length === 1 ? '' : 's'} (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")`);
      }
      const set = new Set(tags);
      return { condition, matches: (tag) => set.has(tag) };
    }
    case 'regex': {
      if (expr === '') throw fieldInvalid(pointer, 'must be a regular expression when the method is "regex" (e.g. "^release-")');
      let pattern: RE2JS;
      try {
        pattern = RE2JS.compile(expr);
      } catch (error) {
        const detail = `is not a valid RE2 expression: ${reasonOf(error)}`;
        throw new AppError('CONDITION_REGEX_INVALID', `The tag pattern ${detail} (RE2 syntax: https://github.com/google/re2/wiki/Syntax; no look-around or back-references).`, {
          errors: [{ pointer, detail }],
        });
      }
      // test(): unanchored search that needs no capture groups, so re2js stays on its DFA fast path.
      return { condition, matches: (tag) => pattern.test(tag) };
    }
  }
}

function fieldInvalid(pointer: string, detail: string): AppError {
  const error: FieldError = { pointer, detail };
  return invalid(`The tag condition's expression ${detail}.`, [error]);
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // re2js prefixes its messages with the exception class; the RE2 reason is what helps the user.
  return message.replace(/^error parsing regexp:\s*/i, '').slice(0, 200);
}
