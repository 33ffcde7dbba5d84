/**
 * Store ports of the image-trigger family (Tencent CCR/TCR): the triggers and their firing log. Part of
 * StoreRepos (store.ts); SQLite and PostgreSQL pass one contract suite (test/contracts/image-trigger-repos.contract.ts).
 */
import type { ImageTrigger } from '../../domain/image-trigger.ts';
import type { TriggerLog, TriggerLogStatus } from '../../domain/image-trigger-log.ts';
import type { Page, PageQuery } from './store.ts';

export interface ImageTriggerListQuery extends PageQuery {
  /** Exact, lower case. */
  readonly repository?: string;
  readonly clusterId?: string;
}

/** An offset window (the Tencent surfaces page by offset/limit and report a total). */
export interface Window<T> {
  readonly items: T[];
  readonly total: number;
}

export interface ImageTriggerWindowQuery {
  readonly repository?: string;
  /** Exact name (ListTrigger's `triggerName`). */
  readonly name?: string;
  readonly offset: number;
  readonly limit: number;
}

export interface ImageTriggerRepo {
  /** NAME_TAKEN when the account has a trigger of that name; CLUSTER_NOT_FOUND when the cluster does not exist. */
  insert(trigger: ImageTrigger): Promise<void>;
  /**
   * Replaces every setting of an existing trigger (a rename included). RESOURCE_NOT_FOUND when it does not exist;
   * NAME_TAKEN, CLUSTER_NOT_FOUND as for insert.
   */
  update(trigger: ImageTrigger): Promise<void>;
  get(accountId: string, id: string): Promise<ImageTrigger | null>;
  getByName(accountId: string, name: string): Promise<ImageTrigger | null>;
  /**
   * Every trigger bound to `repository` (lower case): the candidates of a push, read through the repository
   * index, so the cost grows with the repository's triggers, not the account's. Oldest first.
   */
  forRepository(accountId: string, repository: string): Promise<ImageTrigger[]>;
  /** Newest first, keyset-paged. */
  list(accountId: string, query: ImageTriggerListQuery): Promise<Page<ImageTrigger>>;
  /** Newest first, by offset, with the number of matching triggers. */
  window(accountId: string, query: ImageTriggerWindowQuery): Promise<Window<ImageTrigger>>;
  delete(accountId: string, id: string): Promise<boolean>;
}

export const TRIGGER_LOG_ORDER_BY = ['invoke_time', 'trigger_name', 'repo_name'] as const;
export type TriggerLogOrderBy = (typeof TRIGGER_LOG_ORDER_BY)[number];
export type SortOrder = 'asc' | 'desc';

/** ListTriggerLog / DescribeApplicationTriggerLogPersonal. */
export interface TriggerLogWindowQuery {
  /** Exact, lower case; without it the whole account's log is paged (3.0 allows that). */
  readonly repository?: string;
  readonly offset: number;
  readonly limit: number;
  readonly order: SortOrder;
  /** The primary sort key; ties are broken by firing order in the same direction. */
  readonly orderBy: TriggerLogOrderBy;
}

/**
 * The native list: keyset-paged, every filter optional; newest first unless `orderBy`/`order` say otherwise (the
 * orderings of ListTriggerLog, ties broken by firing time, then id, in the same direction). A cursor pages only
 * the ordering it was made for.
 */
export interface TriggerLogListQuery extends PageQuery {
  /** Default `desc`. */
  readonly order?: SortOrder;
  /** Default `invoke_time`. */
  readonly orderBy?: TriggerLogOrderBy;
  readonly repository?: string;
  readonly triggerId?: string;
  readonly status?: TriggerLogStatus;
  /** Inclusive epoch-ms window on invokedAt. */
  readonly from?: number;
  readonly to?: number;
}

export interface TriggerLogRepo {
  /** The firing of `triggerId` for registry event `eventId`, if it happened (a redelivered match job). */
  findFiring(accountId: string, eventId: string, triggerId: string): Promise<TriggerLog | null>;
  /**
   * Appends a firing at the end of its repository's log and returns it as stored: `invokedAt` is raised to the
   * previous firing's when a replica's clock is behind, so firing order and time order agree. Call it inside the
   * firing's transaction, last (on PostgreSQL it holds the repository's log head until commit).
   * ID_TAKEN when the (event, trigger) firing or the id already exists.
   */
  append(log: TriggerLog): Promise<TriggerLog>;
  get(accountId: string, id: string): Promise<TriggerLog | null>;
  list(accountId: string, query: TriggerLogListQuery): Promise<Page<TriggerLog>>;
  /**
   * An offset window with the total. Ordered by firing time, the window is found through the repository's log
   * positions, so a deep offset costs what the first page costs; by trigger name the offset is walked in an index.
   */
  window(accountId: string, query: TriggerLogWindowQuery): Promise<Window<TriggerLog>>;
  /** Pending rows, oldest first (the settler reads their records). */
  pending(accountId: string, limit: number): Promise<TriggerLog[]>;
  /** Moves a pending row to its outcome; false when it was no longer pending. */
  settle(accountId: string, id: string, status: Exclude<TriggerLogStatus, 'pending'>, message: string | null): Promise<boolean>;
  /**
   * Retention (app/maintenance/prune-trigger-logs.ts): deletes up to `limit` firings of any account invoked before
   * `before` (epoch ms), in one transaction; returns how many (`limit` is capped at MAX_PRUNE_BATCH,
   * ports/job-queue.ts). Each repository loses its oldest positions first and stops at its first firing that is not
   * older, and its head's `first_seq` is raised past them in the same transaction, so positions stay dense and
   * `window`'s totals and offsets stay exact (migration 0005).
   */
  prune(before: number, limit: number): Promise<number>;
}
