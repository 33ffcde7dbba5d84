import type { AppDeps } from '../app/deps.ts';
import type { JobHandler } from './job-handler.ts';

/**
 * Job kind → handler. Each family registers its kinds here as it lands (trigger.redeploy, image.update,
 * deploy.run, …). A worker claims only the kinds it has handlers for, so during a rolling upgrade a job of a new
 * kind waits for a replica that knows it instead of failing.
 */
export function jobHandlers(deps: AppDeps): Map<string, JobHandler> {
  void deps;
  return new Map();
}
