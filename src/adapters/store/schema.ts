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

export interface AccessKeysTable {
  id: string;
  account_id: string;
  token_id: string;
  slot: number;
  secret_ciphertext: string;
  created_at: number;
  last_used_at: number | null;
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

/** Deploy records (migration 0002). params/plan/steps/created_by are JSON text; stop_requested is 0/1. */
export interface DeployRecordsTable {
  id: string;
  account_id: string;
  type: string;
  origin: string;
  state: string;
  task_id: string | null;
  release_id: number | null;
  trigger_id: string | null;
  rollback_of_record_id: string | null;
  job_name: string;
  /** The `deploy.run` job that runs the record (the orphan sweep follows it). */
  job_id: string | null;
  hook_action: string;
  params: string;
  plan: string;
  steps: string;
  deadline_at: number;
  error: string | null;
  stop_requested: number;
  created_by: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  updated_at: number;
}

/** One workload write of a record (migration 0002); before/after are JSON text of pod templates. */
export interface DeployRecordChangesTable {
  record_id: string;
  step_index: number;
  cluster_id: string;
  namespace: string;
  kind: string;
  name: string;
  before: string;
  after: string;
  at: number;
}

/** Trigger URLs (migration 0003). Booleans are 0/1 integers on both dialects. */
export interface TriggersTable {
  id: string;
  account_id: string;
  cluster_id: string;
  ack_id: number;
  name: string;
  type: string;
  namespace: string;
  target_name: string;
  application_id: string | null;
  action: string;
  jti: string;
  require_signature: number;
  rate_limit_per_minute: number | null;
  created_by_token_id: string | null;
  created_by_name: string | null;
  last_redeploy_record_id: string | null;
  created_at: number;
  updated_at: number;
}

/** Last ACK trigger id handed out per account (so ids are never reused). */
export interface TriggerAckIdsTable {
  account_id: string;
  last_ack_id: number;
}

/** Webhook receivers for registry senders (migration 0004). */
export interface RegistryReceiversTable {
  id: string;
  account_id: string;
  name: string;
  sender: string;
  secret_ciphertext: string | null;
  registry_host: string | null;
  created_at: number;
}

/** Accepted registry pushes (migration 0004); created_at is the time received. */
export interface RegistryEventsTable {
  id: string;
  account_id: string;
  source: string;
  source_id: string;
  sender: string;
  event_id: string | null;
  dedupe_key: string | null;
  registry_host: string | null;
  repository: string;
  tag: string | null;
  digest: string | null;
  media_type: string | null;
  pushed_at: number | null;
  actor: string | null;
  created_at: number;
}

/** The digest each (repository, tag) last pointed at, for semantic dedupe; tag '' for untagged pushes. */
export interface RegistryTagHeadsTable {
  account_id: string;
  repository: string;
  tag: string;
  digest: string;
  event_id: string;
  updated_at: number;
}

/** Polled repositories (migration 0004). `enabled` is 0/1; `tag_state` is JSON text. */
export interface WatchedRepositoriesTable {
  id: string;
  account_id: string;
  name: string;
  registry_url: string;
  registry_host: string;
  repository: string;
  tag_pattern: string | null;
  interval_seconds: number;
  enabled: number;
  credentials_ciphertext: string | null;
  tag_state: string | null;
  last_polled_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** Hook sources (migration 0007). `private`/`preloaded` are 0/1; `labels` is JSON text. */
export interface HookSourcesTable {
  id: string;
  account_id: string;
  name: string;
  source_type: string;
  source: string;
  source_md5: string;
  private: number;
  preloaded: number;
  description: string;
  labels: string;
  created_by: string | null;
  modified_by: string | null;
  created_at: number;
  updated_at: number;
}

/** Execution hooks (migration 0007). `matching_criteria`/`arguments`/`labels` are JSON text; `enabled` is 0/1. */
export interface ExecutionHooksTable {
  id: string;
  account_id: string;
  name: string;
  hook_type: string;
  application_id: string | null;
  action: string;
  stage: string;
  matching_criteria: string;
  hook_source_id: string;
  arguments: string;
  enabled: number;
  description: string;
  failure_mode: string;
  timeout_ms: number | null;
  schema_version: string;
  labels: string;
  created_by: string | null;
  modified_by: string | null;
  created_at: number;
  updated_at: number;
}

/** The per-account execution-hook feature switch (migration 0007); no row = enabled. */
export interface ExecutionHookSettingsTable {
  account_id: string;
  enabled: number;
  updated_at: number;
}

/** Per-application switches of NetApp-provided hooks (migration 0007). */
export interface ExecutionHookOverridesTable {
  id: string;
  account_id: string;
  application_id: string;
  execution_hook_id: string;
  enabled: number;
  labels: string;
  created_by: string | null;
  modified_by: string | null;
  created_at: number;
  updated_at: number;
}

/** appSnaps (migration 0007). `state_unready`/`hook_state_details`/`volume_snapshots` are JSON text. */
export interface ProtectionOperationsTable {
  id: string;
  account_id: string;
  application_id: string;
  action: string;
  name: string;
  state: string;
  state_unready: string;
  hook_state: string | null;
  hook_state_details: string;
  volume_snapshots: string;
  schema_version: string;
  created_by: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  snapshot_at: number | null;
  updated_at: number;
  /** The `app-snapshot.run` job that runs the operation; the orphan sweep follows it. */
  job_id: string | null;
}

/** One hook run (migration 0007); exactly one of record_id / operation_id is set. `arguments` is JSON text. */
export interface HookRunsTable {
  id: string;
  account_id: string;
  record_id: string | null;
  operation_id: string | null;
  seq: number;
  execution_hook_id: string;
  hook_name: string;
  hook_type: string;
  application_id: string;
  action: string;
  stage: string;
  failure_mode: string;
  arguments: string;
  namespace: string | null;
  pod_name: string | null;
  container_name: string | null;
  container_image: string | null;
  state: string;
  exit_code: number | null;
  message: string | null;
  stdout_tail: string;
  stderr_tail: string;
  started_at: number;
  finished_at: number | null;
  duration_ms: number | null;
  created_at: number;
}

/** Image-push triggers (migration 0005; `allow_downgrade` 0012). `pin_digest` and `allow_downgrade` are 0/1. */
export interface ImageTriggersTable {
  id: string;
  account_id: string;
  name: string;
  repository: string;
  registry_host: string | null;
  condition_method: string;
  condition_expr: string;
  cluster_id: string;
  cluster_region: number;
  namespace: string;
  workload_kind: string;
  workload_name: string;
  container_name: string;
  pin_digest: number;
  allow_downgrade: number;
  created_by_token_id: string | null;
  created_by_name: string | null;
  created_at: number;
  updated_at: number;
}

/** Per (account, repository): the positions handed out to its trigger-log rows (migration 0005). */
export interface TriggerLogHeadsTable {
  account_id: string;
  repository: string;
  first_seq: number;
  last_seq: number;
  last_invoked_at: number;
}

/** Image-trigger firings with their snapshots (migration 0005). */
export interface TriggerLogsTable {
  id: string;
  account_id: string;
  repository: string;
  seq: number;
  trigger_id: string;
  trigger_name: string;
  event_id: string;
  tag: string;
  digest: string | null;
  image: string | null;
  condition_method: string;
  condition_expr: string;
  cluster_id: string;
  cluster_region: number;
  namespace: string;
  workload_kind: string;
  workload_name: string;
  container_name: string;
  record_id: string | null;
  status: string;
  message: string | null;
  invoked_at: number;
}

/** Deploy tasks (migration 0006). `params`/`steps`/`created_by` are JSON text. */
export interface DeployTasksTable {
  id: string;
  account_id: string;
  project_id: string;
  project_name: string;
  name: string;
  description: string;
  state: string;
  template_id: string | null;
  params: string;
  steps: string;
  trigger_source: string;
  artifact_source_system: string | null;
  artifact_type: string | null;
  timeout_seconds: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

/** The audit log (migration 0009); append-only. */
export interface AuditEventsTable {
  id: string;
  account_id: string;
  at: number;
  actor_kind: string | null;
  actor_token_id: string | null;
  actor_name: string | null;
  actor_access_key_id: string | null;
  method: string;
  route: string;
  action: string;
  target: string | null;
  status: number;
  outcome: string;
  error_code: string | null;
  request_id: string;
  source_ip: string | null;
}

/** Notification channels (migration 0010); `events` is a JSON array, `enabled` 0/1. */
export interface NotificationChannelsTable {
  id: string;
  account_id: string;
  name: string;
  url_ciphertext: string;
  url_display: string;
  events: string;
  format: string;
  filter_origin: string | null;
  filter_task_id: string | null;
  filter_trigger_id: string | null;
  filter_cluster_id: string | null;
  enabled: number;
  secret_ciphertext: string;
  created_at: number;
  updated_at: number;
}

/** One delivery attempt of a notification (migration 0010). */
export interface NotificationDeliveriesTable {
  id: string;
  account_id: string;
  channel_id: string;
  message_id: string;
  event: string;
  record_id: string | null;
  attempt: number;
  outcome: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: number;
}

/** Rollback quarantine entries (migration 0011). */
export interface ImageQuarantineTable {
  id: string;
  account_id: string;
  trigger_id: string;
  repository: string;
  match_by: string;
  subject: string;
  tag: string;
  digest: string | null;
  image: string | null;
  record_id: string;
  rollback_record_id: string;
  created_by_token_id: string | null;
  created_by_name: string | null;
  created_at: number;
  held_count: number;
  last_held_at: number | null;
  last_held_event_id: string | null;
}

/** Pushes a quarantine entry held back from a trigger (migration 0011). */
export interface ImageQuarantineHoldsTable {
  id: string;
  account_id: string;
  trigger_id: string;
  event_id: string;
  entry_id: string;
  subject: string;
  message: string;
  held_at: number;
}

export interface Database {
  accounts: AccountsTable;
  api_tokens: ApiTokensTable;
  access_keys: AccessKeysTable;
  clusters: ClustersTable;
  applications: ApplicationsTable;
  jobs: JobsTable;
  deploy_records: DeployRecordsTable;
  deploy_record_changes: DeployRecordChangesTable;
  registry_receivers: RegistryReceiversTable;
  registry_events: RegistryEventsTable;
  registry_tag_heads: RegistryTagHeadsTable;
  watched_repositories: WatchedRepositoriesTable;
  triggers: TriggersTable;
  trigger_ack_ids: TriggerAckIdsTable;
  hook_sources: HookSourcesTable;
  execution_hooks: ExecutionHooksTable;
  execution_hook_settings: ExecutionHookSettingsTable;
  execution_hook_overrides: ExecutionHookOverridesTable;
  protection_operations: ProtectionOperationsTable;
  hook_runs: HookRunsTable;
  image_triggers: ImageTriggersTable;
  trigger_log_heads: TriggerLogHeadsTable;
  trigger_logs: TriggerLogsTable;
  deploy_tasks: DeployTasksTable;
  audit_events: AuditEventsTable;
  notification_channels: NotificationChannelsTable;
  notification_deliveries: NotificationDeliveriesTable;
  image_quarantine: ImageQuarantineTable;
  image_quarantine_holds: ImageQuarantineHoldsTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AccessKeyRow = Selectable<AccessKeysTable>;
export type ClusterRow = Selectable<ClustersTable>;
export type ApplicationRow = Selectable<ApplicationsTable>;
export type JobRow = Selectable<JobsTable>;
export type DeployRecordRow = Selectable<DeployRecordsTable>;
export type DeployRecordChangeRow = Selectable<DeployRecordChangesTable>;
export type RegistryReceiverRow = Selectable<RegistryReceiversTable>;
export type RegistryEventRow = Selectable<RegistryEventsTable>;
export type WatchedRepositoryRow = Selectable<WatchedRepositoriesTable>;
export type TriggerRow = Selectable<TriggersTable>;
export type NewJobRow = Insertable<JobsTable>;
export type HookSourceRow = Selectable<HookSourcesTable>;
export type ExecutionHookRow = Selectable<ExecutionHooksTable>;
export type ExecutionHookOverrideRow = Selectable<ExecutionHookOverridesTable>;
export type ProtectionOperationRow = Selectable<ProtectionOperationsTable>;
export type HookRunRow = Selectable<HookRunsTable>;
export type DeployTaskRow = Selectable<DeployTasksTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NotificationChannelRow = Selectable<NotificationChannelsTable>;
export type NotificationDeliveryRow = Selectable<NotificationDeliveriesTable>;
