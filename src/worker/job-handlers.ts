import type { AppDeps } from '../app/deps.ts';
import { REGISTRY_POLL_JOB } from '../domain/watched-repository.ts';
import { IMAGE_PUSH_MATCH_JOB } from '../domain/registry-event.ts';
import { imagePushMatchHandler } from './image-push-match-handler.ts';
import { DEPLOY_RUN_JOB, DEPLOY_SWEEP_JOB, deployRunHandler, recordSweepHandler } from './deploy-record-handlers.ts';
import { hookPhaseRunner } from '../app/hooks/run-hook-phase.ts';
import { DEFAULT_HOOK_TIMEOUT_MS } from '../domain/execution-hook.ts';
import { APP_SNAPSHOT_JOB, appSnapshotHandler } from './app-snapshot-handler.ts';
import type { JobHandler } from './job-handler.ts';
import { registryPollHandler } from './registry-poll-handler.ts';
import { MAINTENANCE_PRUNE_JOB } from '../app/maintenance/arm-maintenance-prune.ts';
import { maintenancePruneHandler, type MaintenanceOptions } from './maintenance-prune-handler.ts';
import { NOTIFICATION_DELIVERY_JOB } from '../domain/notification-channel.ts';
import { notificationDeliveryHandler, type NotificationOptions } from './notification-delivery-handler.ts';

export interface JobHandlerOptions {
  /** Timeout of an execution hook that sets none (CAPSTAN_HOOK_TIMEOUT_MS). */
  readonly hookTimeoutMs?: number;
  /** Retention settings and logger of the `maintenance.prune` job. */
  readonly maintenance?: MaintenanceOptions;
  /**
   * How `notification.deliver` jobs send (the HTTP sender, the public URL for links). Without it this worker does
   * not claim them, and they wait for a replica that can.
   */
  readonly notifications?: NotificationOptions;
}

/**
 * Job kind → handler. Each family registers its kinds here as it lands (trigger.redeploy, image.update,
 * deploy.run, …). A worker claims only the kinds it has handlers for, so during a rolling upgrade a job of a new
 * kind waits for a replica that knows it instead of failing.
 */
export function jobHandlers(deps: AppDeps, options: JobHandlerOptions = {}): Map<string, JobHandler> {
  const hooks = hookPhaseRunner(deps, { defaultTimeoutMs: options.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS });
  return new Map<string, JobHandler>([
    [REGISTRY_POLL_JOB, registryPollHandler(deps)],
    [IMAGE_PUSH_MATCH_JOB, imagePushMatchHandler(deps)],
    // Deploy actions run their applications' execution hooks (src/app/hooks/run-hook-phase.ts).
    [DEPLOY_RUN_JOB, deployRunHandler(deps, hooks)],
    [APP_SNAPSHOT_JOB, appSnapshotHandler(deps, hooks)],
    [DEPLOY_SWEEP_JOB, recordSweepHandler(deps)],
    [MAINTENANCE_PRUNE_JOB, maintenancePruneHandler(deps, options.maintenance)],
    ...(options.notifications ? [[NOTIFICATION_DELIVERY_JOB, notificationDeliveryHandler(deps, options.notifications)] as const] : []),
  ]);
}
