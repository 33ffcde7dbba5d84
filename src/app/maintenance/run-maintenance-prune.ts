import type { AppDeps } from '../deps.ts';
import { armMaintenancePrune, PRUNE_EVERY_MS } from './arm-maintenance-prune.ts';
import { pruneAuditEvents } from './prune-audit-events.ts';
import { pruneFinishedJobs } from './prune-finished-jobs.ts';
import { pruneNotificationDeliveries } from './prune-notification-deliveries.ts';
import { pruneRegistryEvents } from './prune-registry-events.ts';
import { pruneTriggerLogs } from './prune-trigger-logs.ts';
import type { RetentionSettings } from './retention-settings.ts';

export interface PruneCounts {
  /** Rows deleted by this run. */
  readonly jobs: number;
  readonly registryEvents: number;
  readonly triggerLogs: number;
  readonly auditEvents: number;
  /** Notification delivery attempts (they follow the job retention). */
  readonly notificationDeliveries: number;
  /** Whether the next run was armed (false when every retention is off: the chain ends here). */
  readonly rearmed: boolean;
}

/**
 * One run of the `maintenance.prune` job: arms the next run PRUNE_EVERY_MS from now, then prunes trigger logs,
 * registry events, finished jobs (and with them notification delivery attempts) and audit log entries older than
 * their retention, each in batches of short transactions.
 *
 * Re-arming comes first so that a run that fails (a store outage outlasting its attempts) does not end the chain;
 * the claim cleared this job's coalesce key, so the new job is queued beside it, and being younger it waits for
 * this one (same serial key). A retried attempt arms again and folds into that same job: one follow-up, always.
 * Never pruned, whatever the settings: deploy records, their changes and hook runs (the rollback history).
 */
export async function runMaintenancePrune(
  deps: Pick<AppDeps, 'store' | 'clock'>,
  accountId: string,
  settings: RetentionSettings,
  signal?: AbortSignal,
): Promise<PruneCounts> {
  const rearmed = await armMaintenancePrune(deps.store, accountId, settings, PRUNE_EVERY_MS);
  const triggerLogs = await pruneTriggerLogs(deps, settings.triggerLogDays, signal);
  const registryEvents = await pruneRegistryEvents(deps, settings.eventDays, signal);
  const jobs = await pruneFinishedJobs(deps, settings.jobDays, signal);
  const notificationDeliveries = await pruneNotificationDeliveries(deps, settings.jobDays, signal);
  const auditEvents = await pruneAuditEvents(deps, settings.auditDays, signal);
  return { jobs, registryEvents, triggerLogs, auditEvents, notificationDeliveries, rearmed };
}
