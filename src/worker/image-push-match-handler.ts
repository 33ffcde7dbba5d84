import type { AppDeps } from '../app/deps.ts';
import { matchImagePush } from '../app/image-triggers/match-image-push.ts';
import type { ImagePushMatchPayload } from '../domain/registry-event.ts';
import type { JobHandler } from './job-handler.ts';

/**
 * `image-push.match`: matches one accepted registry event against the image triggers and fires those whose
 * condition holds. Safe to run again (each firing is idempotent per event and trigger). An event that no longer
 * exists is a finished job; a store failure is thrown, so the worker retries the job.
 */
export function imagePushMatchHandler(deps: AppDeps): JobHandler {
  return async (job) => {
    const { eventId } = (job.payload ?? {}) as Partial<ImagePushMatchPayload>;
    if (typeof eventId !== 'string') return { ok: false, error: 'payload has no eventId', retryable: false };
    const outcome = await matchImagePush(deps, job.accountId, eventId);
    return { ok: true, result: outcome };
  };
}
