/**
 * How long Capstan keeps each kind of ever-growing row, in whole days; 0 keeps it forever. Read from
 * CAPSTAN_JOB_RETENTION_DAYS, CAPSTAN_EVENT_RETENTION_DAYS, CAPSTAN_TRIGGER_LOG_RETENTION_DAYS and
 * CAPSTAN_AUDIT_RETENTION_DAYS (src/config).
 * Deploy records, their changes and hook runs are not here on purpose: they are the rollback history.
 */
export interface RetentionSettings {
  /** Finished jobs (succeeded, failed, cancelled), by last update. */
  readonly jobDays: number;
  /** Registry events, by when they were received. */
  readonly eventDays: number;
  /** Image-trigger firing logs, by firing time. */
  readonly triggerLogDays: number;
  /** Audit log entries, by when the call was answered. */
  readonly auditDays: number;
}

/** The documented defaults (README, configuration). */
export const DEFAULT_RETENTION: RetentionSettings = { jobDays: 14, eventDays: 30, triggerLogDays: 90, auditDays: 365 };

export const DAY_MS = 86_400_000;

/** False when every kind is kept forever: then no prune job needs to run. */
export function retentionEnabled(settings: RetentionSettings): boolean {
  return settings.jobDays > 0 || settings.eventDays > 0 || settings.triggerLogDays > 0 || settings.auditDays > 0;
}
