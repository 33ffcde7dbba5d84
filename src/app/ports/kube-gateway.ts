/**
 * Everything Capstan does to a Kubernetes cluster goes through this port. One instance talks to one cluster.
 *
 * Failure contract: methods throw AppError only (never a client-library error): WORKLOAD_NOT_FOUND,
 * CONTAINER_NOT_FOUND (detail lists the containers that exist), WORKLOAD_PAUSED, KUBE_CONFLICT (409s kept coming
 * after bounded re-reads), KUBE_FORBIDDEN (Capstan's own credentials lack RBAC; rendered 502), KUBE_UPSTREAM
 * (other API errors), KUBE_UNAVAILABLE (network, 429/5xx after bounded retries). Translation happens once, by
 * HTTP status and Status.reason, never by message text. Execution outcomes (a failed rollout, a non-zero exit)
 * are returned as data, not thrown.
 */

export { WorkloadKind, type WorkloadRef } from '../../domain/workload.ts';
import type { GitOpsOwner } from '../../domain/gitops-owner.ts';
import type { WorkloadRef } from '../../domain/workload.ts';

/** Annotations Capstan writes on pod templates (rule Q5/Q6: tells a resumed job whether its write landed). */
export const DEPLOY_ID_ANNOTATION = 'capstan.dev/deploy-id';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

export interface PodTemplateSnapshot {
  readonly workload: WorkloadRef;
  readonly resourceVersion: string;
  readonly generation: number;
  /** The workload's `spec.template` (a PodTemplateSpec) exactly as read. */
  readonly template: Record<string, unknown>;
  /** The GitOps tool that reconciles the workload, by its markers (K19), or null. */
  readonly gitOpsOwner: GitOpsOwner | null;
}

export interface WriteResult {
  /** False when the write was a no-op (same image, same template). */
  readonly changed: boolean;
  readonly resourceVersion: string;
  readonly generation: number;
}

export interface SetImageResult extends WriteResult {
  readonly container: string;
  readonly initContainer: boolean;
  readonly previousImage: string;
  readonly image: string;
}

export interface RolloutProgress {
  readonly desired: number;
  readonly updated: number;
  readonly ready: number;
  readonly available: number;
}

export interface RolloutStatus extends RolloutProgress {
  /** kubectl's rollout-status verdict: done, failed (e.g. ProgressDeadlineExceeded) or still progressing. */
  readonly state: 'progressing' | 'done' | 'failed';
  /** kubectl's human message, e.g. `Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...`. */
  readonly message: string;
  /** Condition reason when failed (`ProgressDeadlineExceeded`). */
  readonly reason: string | null;
}

export interface RolloutResult {
  readonly outcome: 'succeeded' | 'failed' | 'timed_out';
  readonly status: RolloutStatus;
}

export interface WaitOptions {
  /** Epoch ms after which Capstan stops waiting and reports `timed_out`. */
  readonly deadline: number;
  readonly pollMs?: number;
  readonly onProgress?: (status: RolloutStatus) => void;
  readonly signal?: AbortSignal;
}

export interface ContainerInfo {
  readonly name: string;
  readonly image: string;
  readonly init: boolean;
}

export interface PodInfo {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly phase: string;
  readonly containers: readonly ContainerInfo[];
}

export interface WorkloadInfo {
  readonly ref: WorkloadRef;
  readonly labels: Readonly<Record<string, string>>;
  readonly containers: readonly ContainerInfo[];
  /** The GitOps tool that reconciles the workload, by its markers (K19), or null. */
  readonly gitOpsOwner: GitOpsOwner | null;
}

export interface ExecRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly argv: readonly string[];
  readonly stdin?: string;
  readonly timeoutMs: number;
  /** Bytes kept from the end of stdout and of stderr each (default 64 KiB). */
  readonly tailBytes?: number;
}

export interface ExecResult {
  /** `exited` (exitCode set), `timed_out` (killed at the deadline), `error` (stream or API failure). */
  readonly outcome: 'exited' | 'timed_out' | 'error';
  readonly exitCode: number | null;
  readonly stdoutTail: string;
  readonly stderrTail: string;
  readonly durationMs: number;
  readonly message: string | null;
}

/** Any Kubernetes object, by its API version, kind and name (namespace null for cluster-scoped kinds). */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
}

export interface ApplyOptions {
  /** Namespace for a namespaced object whose manifest names none. */
  readonly namespace: string;
  /**
   * Server-side apply `force=true`: take over fields other field managers own. Without it such fields make the
   * apply fail with KUBE_CONFLICT naming the managers and fields (K18).
   */
  readonly force?: boolean;
}

export interface ApplyResult {
  readonly object: ObjectRef;
  /** The object did not exist and the apply created it. */
  readonly created: boolean;
  /** False when the apply changed nothing (the same intent applied again). */
  readonly changed: boolean;
  /**
   * The object's DEPLOY_ID_ANNOTATION (in `metadata.annotations`) before this apply, or null. Equal to this
   * deploy's id when an earlier attempt of the same deploy already applied it (Q6).
   */
  readonly previousDeployId: string | null;
  readonly resourceVersion: string;
  readonly generation: number;
}

export interface VolumeSnapshotResult {
  readonly name: string;
  readonly pvcName: string;
  readonly readyToUse: boolean;
  readonly error: string | null;
}

/** One `kubectl auth can-i` question about Capstan's own credentials (a SelfSubjectAccessReview's resourceAttributes). */
export interface AccessCheck {
  readonly verb: string;
  /** API group; '' for the core group. */
  readonly group: string;
  /** Plural resource name, e.g. `deployments`. */
  readonly resource: string;
  /** e.g. `exec` for `pods/exec`; omitted for the resource itself. */
  readonly subresource?: string;
  /** Omitted: in every namespace (or a cluster-scoped resource). */
  readonly namespace?: string;
}

export interface AccessDecision {
  readonly allowed: boolean;
  /**
   * The authorizer's explanation, or its evaluation error, as the API server worded it; null when it gave none
   * (RBAC names the binding that allowed a request and gives no reason for a denial).
   */
  readonly reason: string | null;
}

export interface KubeGateway {
  /** kubectl-compatible `rollout restart`: restartedAt + deploy-id annotations on the pod template. */
  restart(ref: WorkloadRef, deployId: string): Promise<WriteResult>;
  /** Strategic-merge patch of one container's image (init containers too), keyed by container name. */
  setImage(ref: WorkloadRef, container: string, image: string, deployId: string): Promise<SetImageResult>;
  captureTemplate(ref: WorkloadRef): Promise<PodTemplateSnapshot>;
  /** Writes a recorded template back with the read resourceVersion; rebuilds from a fresh read on 409, bounded. */
  restoreTemplate(ref: WorkloadRef, template: Record<string, unknown>, deployId: string): Promise<WriteResult>;
  /**
   * Server-side apply of one object (`application/apply-patch+yaml`, field manager `capstan`), creating it when
   * absent. The deploy id is stamped into the object's `metadata.annotations` (not the pod template, so an
   * unchanged manifest does not roll pods). Throws PARAM_INVALID for a manifest that names no apiVersion, kind or
   * name, a kind the cluster does not serve, or an object the API server rejects as invalid; KUBE_CONFLICT for
   * fields owned by other managers (without `force`).
   */
  apply(manifest: Record<string, unknown>, deployId: string, options: ApplyOptions): Promise<ApplyResult>;
  rolloutStatus(ref: WorkloadRef): Promise<RolloutStatus>;
  waitForRollout(ref: WorkloadRef, options: WaitOptions): Promise<RolloutResult>;
  listWorkloads(namespace: string, labelSelector: string): Promise<WorkloadInfo[]>;
  listPods(namespace: string, labelSelector: string): Promise<PodInfo[]>;
  exec(request: ExecRequest): Promise<ExecResult>;
  /** One VolumeSnapshot per PVC mounted by the selected pods; waits until each is ready or the deadline passes. */
  createVolumeSnapshots(
    namespace: string,
    labelSelector: string,
    options: { readonly snapshotClass?: string; readonly prefix: string; readonly deadline: number },
  ): Promise<VolumeSnapshotResult[]>;
  /**
   * K25 preflight: asks the API server whether Capstan's own credentials may do each check
   * (`POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, what `kubectl auth can-i` uses). Answers come
   * in the order of `checks`. A denial is data; a review that cannot be made throws (KUBE_FORBIDDEN when even
   * creating SelfSubjectAccessReviews is not allowed, KUBE_UNAVAILABLE when the server cannot be reached).
   */
  checkAccess(checks: readonly AccessCheck[]): Promise<AccessDecision[]>;
  /** Cheap reachability probe (GET /version). Never throws. */
  ping(): Promise<{ readonly reachable: boolean; readonly version: string | null; readonly error: string | null }>;
}

/** Builds a gateway from kubeconfig YAML; throws AppError KUBECONFIG_INVALID for text that is not a kubeconfig. */
export type KubeGatewayFactory = (kubeconfig: string) => KubeGateway;

export interface KubeconfigSummary {
  readonly server: string;
  readonly contextName: string;
  /** The current context's namespace, `default` when it names none. */
  readonly namespace: string;
}

/** How use cases reach clusters: validate a kubeconfig on create, connect with it when acting. */
export interface KubeConnector {
  /** Throws AppError KUBECONFIG_INVALID with a detail that says what is wrong (never echoing credentials). */
  inspect(kubeconfig: string): KubeconfigSummary;
  connect(kubeconfig: string): KubeGateway;
}
