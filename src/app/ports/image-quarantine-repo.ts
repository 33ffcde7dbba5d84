/**
 * Store port of the rollback quarantine (domain/image-quarantine.ts): the entries a rollback writes, the one lookup
 * the push matcher makes per matched trigger, and the holds that explain pushes not fired. Part of StoreRepos;
 * SQLite and PostgreSQL pass one contract suite (test/contracts/image-quarantine-repo.contract.ts). Deleting a
 * trigger deletes its entries and holds (foreign key, cascade); pruning a registry event deletes its holds.
 */
import type { QuarantineEntry, QuarantineHold } from '../../domain/image-quarantine.ts';
import type { Page, PageQuery } from './store.ts';

export interface ImageQuarantineRepo {
  /**
   * Quarantines unless (trigger, repository, subject) already is: returns false, and writes nothing, when an entry
   * for it exists (the first one stays, with its counters). RESOURCE_NOT_FOUND when the trigger does not exist.
   */
  insert(entry: QuarantineEntry): Promise<boolean>;
  /**
   * The entry that holds back a push of `subjects` (holdSubjectsOf: digest-or-tag, tag) of `repository` for one
   * trigger, or null. One statement over the (account, trigger, repository, subject) unique index: two probes.
   */
  findHold(accountId: string, triggerId: string, repository: string, subjects: readonly [string, string]): Promise<QuarantineEntry | null>;
  get(accountId: string, triggerId: string, id: string): Promise<QuarantineEntry | null>;
  /** The trigger's entries, newest first, keyset-paged. */
  list(accountId: string, triggerId: string, page: PageQuery): Promise<Page<QuarantineEntry>>;
  /** Deletes the entry (its holds stay); false when the trigger has no such entry. */
  release(accountId: string, triggerId: string, id: string): Promise<boolean>;
  /**
   * Writes a hold and counts it on its entry (held count, last held time and event), atomically; false, and
   * nothing written, when this (event, trigger) was already held (a match job that runs again).
   */
  recordHold(hold: QuarantineHold): Promise<boolean>;
  /** The holds of these registry events (at most 200 ids), in hold order. */
  holdsForEvents(accountId: string, eventIds: readonly string[]): Promise<QuarantineHold[]>;
}
