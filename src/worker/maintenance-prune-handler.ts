import type { AppDeps } from '../app/deps.ts';
import { runMaintenancePrune } from '../app/maintenance/run-maintenance-prune.ts';
import { DEFAULT_RETENTION, type RetentionSettings } from '../app/maintenance/retention-settings.ts';
import type { JobHandler } from './job-handler.ts';
import { silentLogger, type WorkerLogger } from './worker-logger.ts';

export interface MaintenanceOptions {
  /** This replica's retention (CAPSTAN_*_RETENTION_DAYS); default DEFAULT_RETENTION. */
  readonly retention?: RetentionSettings;
  /** Gets one info line per run with the counts. */
  readonly logger?: WorkerLogger;
}

/**
 * `maintenance.prune`: one retention run (app/maintenance/run-maintenance-prune.ts) with the settings of the
 * replica that claims it, then one log line with what it deleted (counts only). Store failures are thrown, so the
 * worker retries; the next run is already armed either way.
 */
export function maintenancePruneHandler(deps: AppDeps, options: MaintenanceOptions = {}): JobHandler {
  const retention = options.retention ?? DEFAULT_RETENTION;
  const logger = options.logger ?? silentLogger;
  return async (job, ctx) => {
    const counts = await runMaintenancePrune(deps, job.accountId, retention, ctx.signal);
    // Every count the run returns, so a kind added to retention is logged without touching this line.
    const { rearmed, ...deleted } = counts;
    logger.info({ jobId: job.id, deleted, retentionDays: retention, rearmed }, 'retention prune finished');
    return { ok: true, result: counts };
  };
}
