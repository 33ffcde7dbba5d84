/**
 * Row types of Capstan's database, as Kysely sees them. snake_case stops here: repositories map rows to domain
 * objects. Ids are application-generated text (UUIDs); times are epoch milliseconds, `integer` on SQLite and
 * `bigint` on PostgreSQL (parsed to number: epoch ms fits in 2^53). JSON columns hold text.
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface AccountsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface ApiTokensTable {
  id: string;
  account_id: string;
  name: string;
  role: string;
  secret_hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
}

export interface ClustersTable {
  id: string;
  account_id: string;
  name: string;
  kubeconfig_ciphertext: string;
  server: string;
  created_at: number;
}

export interface ApplicationsTable {
  id: string;
  account_id: string;
  cluster_id: string;
  name: string;
  namespace: string;
  selector: string;
  created_at: number;
  updated_at: number;
}

export interface JobsTable {
  id: string;
  account_id: string;
  kind: string;
  state: string;
  serial_key: string | null;
  dedupe_key: string | null;
  coalesce_key: string | null;
  /** JSON text. */
  payload: string;
  /** JSON text; null until the job succeeded. */
  result: string | null;
  attempts: Generated<number>;
  max_attempts: number;
  run_after: number;
  lease_owner: string | null;
  lease_until: number | null;
  fence: Generated<number>;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface Database {
  accounts: AccountsTable;
  api_tokens: ApiTokensTable;
  clusters: ClustersTable;
  applications: ApplicationsTable;
  jobs: JobsTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type ClusterRow = Selectable<ClustersTable>;
export type ApplicationRow = Selectable<ApplicationsTable>;
export type JobRow = Selectable<JobsTable>;
export type NewJobRow = Insertable<JobsTable>;
