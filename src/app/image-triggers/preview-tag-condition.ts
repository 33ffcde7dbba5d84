import { compileCondition, type TagCondition } from '../../domain/image-trigger-condition.ts';

export interface TagVerdict {
  readonly tag: string;
  readonly matches: boolean;
}

/**
 * Which of `tags` a condition fires for, exactly as a push would be matched (same compiler, same rules), so a
 * condition can be tried before it is saved. Throws the condition's validation error when it is not valid.
 */
export function previewTagCondition(condition: TagCondition, tags: readonly string[]): TagVerdict[] {
  const compiled = compileCondition(condition);
  return tags.map((tag) => ({ tag, matches: compiled.matches(tag) }));
}
