import { AppError } from '../../domain/errors.ts';
import { RunInterrupted } from './step-run.ts';

/**
 * Whether a failure while running a record may go away by itself (Q9): an unreachable cluster or database, a
 * rate limit, an object that kept changing under our writes, a lost lease. Those make the job retry while attempts
 * remain; everything else (a missing workload or container, RBAC, an invalid manifest) fails the record at once.
 * Errors that are not AppErrors are bugs or unexpected library failures: retried too, and once out of attempts
 * the record fails with a generic message.
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof RunInterrupted) return true;
  if (!(error instanceof AppError)) return true;
  return error.kind === 'unavailable' || error.kind === 'rate_limited' || error.code === 'KUBE_CONFLICT';
}

/** A sentence for the record: an AppError's detail (safe to show), never a stack or an internal message. */
export function failureText(error: unknown): string {
  if (error instanceof AppError) return error.kind === 'internal' ? 'An internal error occurred.' : error.detail;
  return 'An unexpected error occurred while running the record.';
}
