import { AppError, isAppError, type ErrorCode } from '../../domain/errors.ts';
import type { SqlDialect } from './sql-dialect.ts';

/** What a constraint violation means for the statement at hand (which row, which name). */
export interface ViolationMeaning {
  readonly unique?: (primaryKey: boolean) => { code: ErrorCode; detail: string };
  readonly foreignKey?: () => { code: ErrorCode; detail: string };
}

/**
 * Translates a driver error into an AppError, once, keeping it as `cause`. AppErrors pass through untouched.
 * Violations without a stated meaning and unknown failures become INTERNAL (the detail never carries SQL text).
 */
export function storeError(error: unknown, dialect: SqlDialect, meaning: ViolationMeaning = {}): AppError {
  if (isAppError(error)) return error;
  const failure = dialect.classify(error);
  const mapped =
    failure.type === 'unique' ? meaning.unique?.(failure.primaryKey)
    : failure.type === 'foreign_key' ? meaning.foreignKey?.()
    : undefined;
  if (mapped) return new AppError(mapped.code, mapped.detail, { cause: error });
  if (failure.type === 'unavailable') {
    return new AppError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly.', {
      cause: error,
      retryAfterS: 1,
    });
  }
  return new AppError('INTERNAL', 'Unexpected database error.', { cause: error });
}

/** Runs one store operation and translates whatever it throws. */
export async function guarded<T>(dialect: SqlDialect, fn: () => Promise<T>, meaning?: ViolationMeaning): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw storeError(error, dialect, meaning);
  }
}
