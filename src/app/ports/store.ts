import type { Account } from '../../domain/account.ts';
import type { ApiToken } from '../../domain/api-token.ts';
import type { Application } from '../../domain/application.ts';
import type { Cluster } from '../../domain/cluster.ts';
import type { JobQueue } from './job-queue.ts';

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

/** Everything a use case may touch inside one transaction. */
export interface StoreRepos {
  readonly accounts: AccountRepo;
  readonly tokens: TokenRepo;
  readonly clusters: ClusterRepo;
  readonly applications: ApplicationRepo;
  readonly jobs: JobQueue;
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
  transaction<T>(fn: (tx: StoreRepos) => Promise<T>): Promise<T>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}
