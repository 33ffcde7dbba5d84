import type { AppDeps } from '../app/deps.ts';
import { pollWatchedRepository } from '../app/registry/poll-watched-repository.ts';
import type { RegistryPollPayload } from '../domain/watched-repository.ts';
import type { JobHandler } from './job-handler.ts';

/**
 * `registry.poll`: one poll of one watched repository, which schedules its own successor (schedule-poll.ts). A
 * registry failure is recorded on the watch and is a successful job; only store failures make the job retry. The
 * result is a small summary for the job list, never the tag state.
 */
export function registryPollHandler(deps: AppDeps): JobHandler {
  return async (job, ctx) => {
    const { watchedRepositoryId } = (job.payload ?? {}) as Partial<RegistryPollPayload>;
    if (typeof watchedRepositoryId !== 'string') return { ok: false, error: 'payload has no watchedRepositoryId', retryable: false };
    const outcome = await pollWatchedRepository(deps, job.accountId, watchedRepositoryId, ctx.signal);
    switch (outcome.status) {
      case 'polled':
        return { ok: true, result: { status: outcome.status, baseline: outcome.baseline, tags: outcome.tags, changes: outcome.changes.length, accepted: outcome.accepted } };
      case 'failed':
        return { ok: true, result: { status: outcome.status, error: outcome.error, nextInMs: outcome.nextInMs } };
      default:
        return { ok: true, result: { status: outcome.status } };
    }
  };
}
