import { isAppError } from '../../domain/errors.ts';
import { compileCondition, type CompiledCondition, type TagCondition } from '../../domain/image-trigger-condition.ts';

/**
 * Compiled conditions, shared by every trigger with the same condition: one push evaluated against many triggers
 * compiles each distinct RE2 pattern once per process, not once per trigger per push. Keyed by the condition
 * itself, so an edited trigger simply gets another entry and nothing needs invalidating. Bounded: the least
 * recently used entry goes first.
 */
const MAX_ENTRIES = 20_000;
const cache = new Map<string, CompiledCondition | null>();

/**
 * The compiled form of a stored condition, or null when it does not compile (it was valid when written; a
 * condition that is not valid anymore never matches rather than failing every push of its repository).
 */
export function compiledConditionFor(condition: TagCondition): CompiledCondition | null {
  const key = `${condition.method}\u0000${condition.expr}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    // Map keeps insertion order: re-inserting marks the entry as most recently used.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  let compiled: CompiledCondition | null;
  try {
    compiled = compileCondition(condition);
  } catch (error) {
    if (!isAppError(error)) throw error;
    compiled = null;
  }
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, compiled);
  return compiled;
}
