import type { AppDeps } from '../app/deps.ts';
import type { JobHandler } from './job-handler.ts';

/**
 * Job kind → handler. Each family registers its kinds here as it lands (trigger.redeploy, image.update,
 * deploy.run, …); a claimed job of an unknown kind fails without retry, so nothing runs a half-known job.
 */
export function jobHandlers(deps: AppDeps): Map<string, JobHandler> {
  void deps;
  return new Map();
}
