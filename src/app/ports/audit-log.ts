import type { AuditEvent, AuditOutcome } from '../../domain/audit-event.ts';
import type { Page, PageQuery } from './store.ts';

export interface AuditEventListQuery extends PageQuery {
  /** Only entries made with this API token (directly or through one of its access keys). */
  readonly actorTokenId?: string;
  /** Exact action, e.g. `POST /api/v1/tokens` or `CCR AddUpdateServiceTrigger`. */
  readonly action?: string;
  /** Exact route template, e.g. `/api/v1/tokens/:id`. */
  readonly route?: string;
  readonly target?: string;
  readonly outcome?: AuditOutcome;
  /** Inclusive epoch-ms window on `at`. */
  readonly since?: number;
  readonly until?: number;
}

/**
 * The audit log (domain/audit-event.ts): append-only. There is no update and no delete of one entry; only retention
 * removes entries, oldest first.
 */
export interface AuditLogRepo {
  /** ID_TAKEN on a duplicate id. */
  append(event: AuditEvent): Promise<void>;
  /** Newest first (by `at`, then id), keyset-paged; every filter is an exact match. */
  list(accountId: string, query: AuditEventListQuery): Promise<Page<AuditEvent>>;
  /**
   * Retention (app/maintenance/prune-audit-events.ts): deletes up to `limit` entries of any account made before
   * `before` (epoch ms), oldest first per account, in one transaction; returns how many (`limit` is capped at
   * MAX_PRUNE_BATCH, ports/job-queue.ts).
   */
  prune(before: number, limit: number): Promise<number>;
}
