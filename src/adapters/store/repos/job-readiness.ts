import type { Kysely } from 'kysely';
import type { JobWakeupHub } from '../job-wakeup-hub.ts';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';

/**
 * What a repository calls after a write that made a job claimable now (enqueued or merged due, released,
 * requeued by the reaper), passing the handle the write used. Each repo context has one: the store's own
 * (writes that committed on their own) or one per transaction.
 */
export interface JobReadiness {
  jobReady(db: Kysely<Database>): Promise<void>;
}

/**
 * For one `store.transaction`: the first ready job NOTIFYs inside it (PostgreSQL delivers that only on commit), and
 * `committed()`, called once COMMIT has returned, wakes this process's subscribers. However many jobs the
 * transaction wrote (a group commit of hundreds of trigger calls), that is one NOTIFY and one local wake; a
 * transaction that rolls back never reaches `committed()`, and its NOTIFY is discarded with it.
 */
export class TransactionReadiness implements JobReadiness {
  readonly #dialect: SqlDialect;
  readonly #hub: JobWakeupHub;
  #ready = false;

  constructor(dialect: SqlDialect, hub: JobWakeupHub) {
    this.#dialect = dialect;
    this.#hub = hub;
  }

  async jobReady(db: Kysely<Database>): Promise<void> {
    if (this.#ready) return;
    this.#ready = true;
    await this.#dialect.notifyJobsReady?.(db, this.#hub.origin);
  }

  committed(): void {
    if (this.#ready) this.#hub.emit();
  }
}

/**
 * For repository calls made on the store itself: each runs (and commits) on its own before it returns, so the hint
 * goes out at once. The NOTIFY is then a statement of its own; it failing must not turn a committed write into an
 * error, so it is dropped (other replicas poll).
 */
export class AutocommitReadiness implements JobReadiness {
  readonly #dialect: SqlDialect;
  readonly #hub: JobWakeupHub;

  constructor(dialect: SqlDialect, hub: JobWakeupHub) {
    this.#dialect = dialect;
    this.#hub = hub;
  }

  async jobReady(db: Kysely<Database>): Promise<void> {
    this.#hub.emit();
    try {
      await this.#dialect.notifyJobsReady?.(db, this.#hub.origin);
    } catch {
      // A hint only.
    }
  }
}
