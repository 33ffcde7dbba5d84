/**
 * Wire types of the native API (/api/v1), declared here so the CLI and the web UI never import src/. They mirror
 * src/http/schemas/*.ts (the OpenAPI document at /openapi.json is the reference); camelCase, timestamps are
 * RFC 3339 strings.
 */

export const ROLES = ['admin', 'member', 'viewer', 'pipeline'] as const;
export type Role = (typeof ROLES)[number];

export interface Account {
  readonly id: string;
  readonly name: string;
}

/** One page of a list; pass `nextCursor` back as `cursor` until it is null. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface PageParams {
  /** 1–200; the server defaults to 50. */
  readonly limit?: number;
  readonly cursor?: string | null;
}

export interface Token {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** First characters of the secret, to tell tokens apart. */
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
}

/** Returned by create only: `token` is the secret and is never shown again. */
export interface CreatedToken extends Token {
  readonly token: string;
}

export interface CreateTokenInput {
  readonly name: string;
  readonly role: Role;
  readonly expiresInDays?: number;
}

export interface Cluster {
  readonly id: string;
  readonly name: string;
  /** API server URL taken from the kubeconfig. */
  readonly server: string;
  readonly createdAt: string;
}

export interface Reachability {
  readonly reachable: boolean;
  readonly version: string | null;
  readonly error: string | null;
}

export interface ClusterDetail extends Cluster {
  readonly reachability: Reachability;
}

export interface CreateClusterInput {
  readonly name: string;
  /** Kubeconfig YAML; the server stores it sealed and never returns it. */
  readonly kubeconfig: string;
  /** [a-z0-9-]{1,64}; generated when absent. */
  readonly id?: string;
}

export interface Application {
  readonly id: string;
  readonly name: string;
  readonly clusterId: string;
  readonly namespace: string;
  readonly selector: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ApplicationInput {
  readonly name: string;
  readonly clusterId: string;
  readonly namespace: string;
  /** Label selector; the server defaults it to app.kubernetes.io/instance=<name>. */
  readonly selector?: string;
}

export interface ApplicationListParams extends PageParams {
  readonly clusterId?: string;
}

export interface StoreBackupOptions {
  /** Called as bytes arrive, with the running total and the size the server announced (null when it did not). */
  readonly onProgress?: (received: number, total: number | null) => void;
  /**
   * How long to wait for the answer while the server makes the copy (it answers once the copy is complete, so a
   * large database takes a while). Default: STORE_BACKUP_COPY_TIMEOUT_MS. Waits for later chunks use the client's
   * own timeout.
   */
  readonly copyTimeoutMs?: number;
}

/** Default wait for the server's copy before the first byte: ten minutes. */
export const STORE_BACKUP_COPY_TIMEOUT_MS = 600_000;

/** A store backup on its way: the copy is complete on the server, its bytes arrive through `body`. */
export interface StoreBackupDownload {
  /** The size announced by the server (Content-Length), or null. */
  readonly bytes: number | null;
  /** The name the server suggests, `capstan-<UTC time>.db`, or null. */
  readonly fileName: string | null;
  /** The SQLite database file. Fails with CapstanConnectionError when the connection breaks or stalls. */
  readonly body: ReadableStream<Uint8Array>;
}

export interface WorkloadContainer {
  readonly name: string;
  readonly image: string;
  readonly init: boolean;
}

/** The GitOps tool that reconciles a workload: its next sync may revert image changes Capstan makes. */
export interface GitOpsOwner {
  readonly tool: 'Argo CD' | 'Flux';
  /** What says so: the Application, Kustomization or HelmRelease, or the field manager. */
  readonly source: string;
}

export interface Workload {
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly containers: WorkloadContainer[];
  readonly gitOpsOwner: GitOpsOwner | null;
}

/** One failing field of a VALIDATION_FAILED problem: a JSON Pointer into the request (`/body/role`). */
export interface FieldProblem {
  readonly pointer: string;
  readonly detail: string;
}

/** RFC 9457 problem details as the native API renders them (`code`, `requestId`, `errors` are extensions). */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code: string;
  readonly requestId?: string;
  readonly errors?: FieldProblem[];
}
