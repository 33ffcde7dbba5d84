import type { AppDeps } from '../deps.ts';
import { pruneOlderThan } from './prune-older-than.ts';

/**
 * Deletes finished jobs last updated more than `days` days ago (0: none), in batches; returns how many. The store
 * keeps queued and running jobs and finished ones an active record or snapshot still names (JobQueue.pruneFinished).
 *
 * A deleted job frees its dedupe key, so a later enqueue with that key makes a new job. That is safe for every kind
 * that sets one today, because each needs its key for far less than a day, the shortest retention there is:
 * - `deploy.run` of a signed trigger call, `trigger/<id>/webhook/<webhook-id>` (triggers/invoke-trigger.ts): a
 *   replay is refused by the signature check once its `webhook-timestamp` is more than 5 minutes off
 *   (SIGNATURE_TOLERANCE_S), before the key is looked up; the job finished after the call, and is kept a day or more.
 * - `deploy.run` of an image-trigger firing, `image-push:<event>:<trigger>` (image-triggers/fire-image-trigger.ts):
 *   the first guard is the firing's own log row (unique per event and trigger); the key only matters while that
 *   event's `image-push.match` job can run again, i.e. while it is queued or running — it retries for minutes, and
 *   its event is kept while it is active (RegistryEventRepo.prune).
 * - `rollbackRecord` accepts an idempotency key, but no caller passes one (the native rollback route and the
 *   CodeArts start take no Idempotency-Key). Whoever adds one must keep its replay window under a day, or make
 *   pruneFinished keep those jobs.
 * No other kind (image-push.match, registry.poll, app-snapshot.run, deploy.sweep, maintenance.prune) sets one.
 */
export async function pruneFinishedJobs(deps: Pick<AppDeps, 'store' | 'clock'>, days: number, signal?: AbortSignal): Promise<number> {
  return pruneOlderThan(deps.clock, days, (before, limit) => deps.store.jobs.pruneFinished(before, limit), signal);
}
