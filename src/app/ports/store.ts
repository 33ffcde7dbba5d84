import type { Account } from '../../domain/account.ts';
import type { ApiToken } from '../../domain/api-token.ts';
import type { Application } from '../../domain/application.ts';
import type { Cluster } from '../../domain/cluster.ts';
import type { DeployRecord, RecordChange, RecordState, RecordType, StepProgress } from '../../domain/deploy-record.ts';
import type { RegistryEvent } from '../../domain/registry-event.ts';
import type { RegistryReceiver } from '../../domain/registry-receiver.ts';
import type { TagDigests, WatchedRepository } from '../../domain/watched-repository.ts';
import type { Trigger, TriggerType } from '../../domain/trigger.ts';
import type { ImageTriggerRepo, TriggerLogRepo } from './image-trigger-repos.ts';
import type { ExecutionHookRepo, HookOverrideRepo, HookRunRepo, HookSourceRepo, ProtectionOperationRepo } from './hook-store.ts';
import type { JobQueue } from './job-queue.ts';
import type { JobWakeups } from './job-wakeups.ts';
import type { AccessKeyRepo } from './access-key-repo.ts';
import type { DeployTaskRepo } from './deploy-task-repo.ts';
import type { AuditLogRepo } from './audit-log.ts';
import type { NotificationRepo } from './notification-repo.ts';
import type { ImageQuarantineRepo } from './image-quarantine-repo.ts';

export interface Page<T> {
  readonly items: T[];
  /** Opaque keyset cursor for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface PageQuery {
  readonly limit: number;
  readonly cursor?: string | null;
}

export interface AccountRepo {
  get(id: string): Promise<Account | null>;
  /** The first account ever created; Capstan is single-tenant until multi-account lands. */
  getDefault(): Promise<Account | null>;
  insert(account: Account): Promise<void>;
}

export interface TokenRepo {
  insert(token: ApiToken): Promise<void>;
  get(accountId: string, id: string): Promise<ApiToken | null>;
  findBySecretHash(secretHash: string): Promise<ApiToken | null>;
  list(accountId: string, page: PageQuery): Promise<Page<ApiToken>>;
  /** Returns false when no such token existed. */
  delete(accountId: string, id: string): Promise<boolean>;
  touch(id: string, at: number): Promise<void>;
}

export interface ClusterRepo {
  /** Throws AppError ID_TAKEN / NAME_TAKEN on a duplicate. */
  insert(cluster: Cluster): Promise<void>;
  get(accountId: string, id: string): Promise<Cluster | null>;
  list(accountId: string, page: PageQuery): Promise<Page<Cluster>>;
  delete(accountId: string, id: string): Promise<boolean>;
}

export interface ApplicationRepo {
  /** Throws AppError NAME_TAKEN when the cluster already has an application of that name. */
  insert(app: Application): Promise<void>;
  update(app: Application): Promise<void>;
  get(accountId: string, id: string): Promise<Application | null>;
  list(accountId: string, page: PageQuery & { readonly clusterId?: string }): Promise<Page<Application>>;
  delete(accountId: string, id: string): Promise<boolean>;
}

export interface RecordListQuery extends PageQuery {
  readonly taskId?: string;
  readonly triggerId?: string;
  readonly state?: RecordState;
  readonly type?: RecordType;
  /** Inclusive epoch-ms window on createdAt. */
  readonly from?: number;
  readonly to?: number;
  /**
   * Records to skip (after `cursor`, if any) before the page starts: positional paging for vendor surfaces that page
   * by number (CodeArts `page`/`size`). The native API pages by cursor, which stays stable while records are added.
   * A non-negative integer, else VALIDATION_FAILED.
   */
  readonly offset?: number;
}

/** Deploy records and the workload changes they made (domain/deploy-record.ts). */
export interface DeployRecordRepo {
  /**
   * Throws ID_TAKEN on a duplicate id, DEPLOY_IN_PROGRESS when the record's task already has a queued or running
   * record (a partial unique index decides, so two concurrent starts cannot both insert). `jobId` names the
   * `deploy.run` job that runs the record; the orphan sweep follows it.
   */
  insert(record: DeployRecord, jobId?: string | null): Promise<void>;
  get(accountId: string, id: string): Promise<DeployRecord | null>;
  /** Newest first, keyset-paged (and by `offset` for vendor surfaces). */
  list(accountId: string, query: RecordListQuery): Promise<Page<DeployRecord>>;
  /** How many records match (for vendor surfaces that report totals). */
  count(accountId: string, query: Omit<RecordListQuery, 'limit' | 'cursor' | 'offset'>): Promise<number>;
  /** The task's record that is queued or running, if any (one run at a time per task). */
  activeForTask(accountId: string, taskId: string): Promise<DeployRecord | null>;
  /** Next CodeArts `release_id` for a task: 1 + the highest so far. Call inside the transaction that inserts. */
  nextReleaseId(accountId: string, taskId: string): Promise<number>;
  /**
   * Moves the record on. `expect` guards against a concurrent writer (e.g. stop vs finish): returns false, and
   * writes nothing, when the stored state is not one of `expect`.
   */
  update(
    accountId: string,
    id: string,
    change: {
      readonly state?: RecordState;
      readonly steps?: readonly StepProgress[];
      readonly error?: string | null;
      readonly stopRequested?: boolean;
      readonly startedAt?: number;
      readonly finishedAt?: number;
      readonly updatedAt: number;
    },
    expect?: readonly RecordState[],
  ): Promise<boolean>;
  /** Throws ID_TAKEN when this step already stored a change for this workload. */
  addChange(change: RecordChange): Promise<void>;
  /** In write order. */
  changes(recordId: string): Promise<RecordChange[]>;
  /**
   * Queued or running records (any account) whose `deploy.run` job is no longer queued or running, or no longer
   * exists: nothing will ever run them again (e.g. the reaper failed the job after its last lease expired).
   */
  orphaned(limit: number): Promise<DeployRecord[]>;
  /** How many records (all accounts) are queued or running. */
  countActive(): Promise<number>;
}

/** Accepted registry pushes (domain/registry-event.ts). */
export interface RegistryEventRepo {
  /**
   * Inserts unless an event with the same transport dedupe key (`push.dedupeKey`) or the same
   * (repository, tag, digest) was already accepted for this account; returns the stored event and whether it is new.
   * "Already accepted" for (repository, tag, digest) means the digest the tag last pointed at, so a tag moved back
   * (A → B → A) is a new push again; events without a digest are deduped by their transport key only.
   */
  insertOnce(event: RegistryEvent): Promise<{ readonly event: RegistryEvent; readonly created: boolean }>;
  get(accountId: string, id: string): Promise<RegistryEvent | null>;
  list(accountId: string, query: PageQuery & { readonly repository?: string }): Promise<Page<RegistryEvent>>;
  /**
   * Retention (app/maintenance/prune-registry-events.ts): deletes up to `limit` events of any account received
   * before `before` (epoch ms), oldest first per account, in one transaction; returns how many (`limit` is capped
   * at MAX_PRUNE_BATCH, ports/job-queue.ts). Kept whatever their age: the event a tag head points at (a re-push of
   * the same digest returns it as the original; the heads are never deleted, so the (repository, tag, digest) rule
   * is unaffected), and an event whose `image-push.match` job is still queued or running. A deleted event's
   * transport dedupe key is free again.
   */
  prune(before: number, limit: number): Promise<number>;
}

/** Webhook endpoints for registry senders (domain/registry-receiver.ts). */
export interface RegistryReceiverRepo {
  /** Throws NAME_TAKEN when the account already has a receiver of that name. */
  insert(receiver: RegistryReceiver): Promise<void>;
  get(accountId: string, id: string): Promise<RegistryReceiver | null>;
  /** By id alone, for the public delivery route: the id is the URL the registry posts to. */
  find(id: string): Promise<RegistryReceiver | null>;
  list(accountId: string, page: PageQuery): Promise<Page<RegistryReceiver>>;
  delete(accountId: string, id: string): Promise<boolean>;
}

/** Polled repositories (domain/watched-repository.ts). */
export interface WatchedRepositoryRepo {
  /** Throws NAME_TAKEN when the account already watches something under that name. */
  insert(watch: WatchedRepository): Promise<void>;
  /**
   * Replaces the settings (name, pattern, interval, enabled, credentials, tag state) of an existing watch; bump
   * `updatedAt`. Throws WATCHED_REPOSITORY_NOT_FOUND, or NAME_TAKEN.
   */
  update(watch: WatchedRepository): Promise<void>;
  /**
   * Records a poll's outcome, unless the settings changed since the poll read them (`updatedAt` differs): then
   * returns false and writes nothing, and the poll's findings are dropped. `tagState` undefined keeps the state.
   */
  recordPoll(
    accountId: string,
    id: string,
    expectUpdatedAt: number,
    outcome: { readonly tagState?: TagDigests; readonly lastPolledAt: number; readonly lastError: string | null },
  ): Promise<boolean>;
  get(accountId: string, id: string): Promise<WatchedRepository | null>;
  list(accountId: string, page: PageQuery): Promise<Page<WatchedRepository>>;
  delete(accountId: string, id: string): Promise<boolean>;
}

export interface TriggerListQuery extends PageQuery {
  readonly clusterId?: string;
  readonly namespace?: string;
  readonly targetName?: string;
  readonly type?: TriggerType;
}

/** Trigger URLs (domain/trigger.ts). */
export interface TriggerRepo {
  /** Next ACK id of the account: 1, 2, 3… never reused, even after deletes. Call in the inserting transaction. */
  nextAckId(accountId: string): Promise<number>;
  /** CLUSTER_NOT_FOUND / APPLICATION_NOT_FOUND when they do not exist; ID_TAKEN on a duplicate id or ack id. */
  insert(trigger: Trigger): Promise<void>;
  get(accountId: string, id: string): Promise<Trigger | null>;
  getByAckId(accountId: string, ackId: number): Promise<Trigger | null>;
  /** By the token's jti, across accounts. */
  findByJti(jti: string): Promise<Trigger | null>;
  /**
   * The public hook's lookup, once per call: the trigger by jti and, in the same read, the state of its
   * `lastRedeployRecordId` record (null when it has none or the record is gone) — what coalescing needs.
   */
  findForCall(jti: string): Promise<{ readonly trigger: Trigger; readonly lastRedeployState: RecordState | null } | null>;
  /** Newest first, keyset-paged. */
  list(accountId: string, query: TriggerListQuery): Promise<Page<Trigger>>;
  /** Null when no such trigger exists. */
  update(
    accountId: string,
    id: string,
    change: { readonly requireSignature?: boolean; readonly rateLimitPerMinute?: number | null; readonly updatedAt: number },
  ): Promise<Trigger | null>;
  delete(accountId: string, id: string): Promise<boolean>;
  /**
   * Compare-and-set of `lastRedeployRecordId` from `expected` to `next`; false (nothing written) when it no longer
   * holds `expected` or the trigger is gone. On PostgreSQL the row lock makes a concurrent caller wait for this
   * transaction, then fail the compare — so two calls never both start a redeploy for one trigger.
   */
  claimRedeploy(id: string, expected: string | null, next: string): Promise<boolean>;
}

/** Everything a use case may touch inside one transaction. */
export interface StoreRepos {
  readonly accounts: AccountRepo;
  readonly tokens: TokenRepo;
  readonly accessKeys: AccessKeyRepo;
  readonly clusters: ClusterRepo;
  readonly applications: ApplicationRepo;
  readonly records: DeployRecordRepo;
  readonly registryEvents: RegistryEventRepo;
  readonly registryReceivers: RegistryReceiverRepo;
  readonly watchedRepositories: WatchedRepositoryRepo;
  readonly triggers: TriggerRepo;
  readonly imageTriggers: ImageTriggerRepo;
  readonly triggerLogs: TriggerLogRepo;
  readonly jobs: JobQueue;
  readonly hookSources: HookSourceRepo;
  readonly executionHooks: ExecutionHookRepo;
  readonly hookOverrides: HookOverrideRepo;
  readonly protectionOperations: ProtectionOperationRepo;
  readonly hookRuns: HookRunRepo;
  readonly deployTasks: DeployTaskRepo;
  readonly auditEvents: AuditLogRepo;
  readonly notifications: NotificationRepo;
  readonly imageQuarantine: ImageQuarantineRepo;
}

export interface StoreHealth {
  readonly reachable: boolean;
  readonly migrationsApplied: boolean;
}

/**
 * The persistence port. SQLite (embedded default) and PostgreSQL implement it and pass one contract suite.
 * Repo methods called on the Store itself run in their own short transaction; `transaction` groups several
 * writes atomically (BEGIN IMMEDIATE on SQLite, so writers queue instead of failing with SQLITE_BUSY).
 * Unique violations surface as AppError conflict codes, unreachable databases as DATABASE_UNAVAILABLE.
 */
export interface Store extends StoreRepos {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Writes a consistent copy of the whole database to `destination` (a new or empty file in an existing folder)
   * while the store stays in use, and resolves with the copy's size. Writes made meanwhile never tear it: the copy
   * is the database as it stood at one moment during the call. Null when the store cannot be copied this way: a
   * database server, which has its own dump tools, or a database that lives only in memory.
   */
  readonly backup: ((destination: string) => Promise<{ readonly bytes: number }>) | null;
  /** Hints for workers that a committed write made a job claimable (ports/job-wakeups.ts). */
  readonly jobWakeups: JobWakeups;
  transaction<T>(fn: (tx: StoreRepos) => Promise<T>): Promise<T>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}
