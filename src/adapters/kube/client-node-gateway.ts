import type {
  AccessCheck,
  AccessDecision,
  ApplyOptions,
  ApplyResult,
  ExecRequest,
  ExecResult,
  KubeGateway,
  PodInfo,
  PodTemplateSnapshot,
  RolloutResult,
  RolloutStatus,
  SetImageResult,
  VolumeSnapshotResult,
  WaitOptions,
  WorkloadInfo,
  WorkloadRef,
  WriteResult,
} from '../../app/ports/kube-gateway.ts';
import { AppError } from '../../domain/errors.ts';
import { checkAccess } from './access-review.ts';
import { applyObject } from './apply.ts';
import { httpStatus } from './errors.ts';
import { execInPod } from './exec.ts';
import { KubeApi, type KubeGatewayOptions } from './kube-api.ts';
import { loadKubeConfig } from './kubeconfig.ts';
import { listPods, listWorkloads } from './pods.ts';
import { planRestart } from './restart.ts';
import { rolloutStatusOf } from './rollout-status.ts';
import { waitForRollout } from './rollout-wait.ts';
import { planSetImage } from './set-image.ts';
import { createVolumeSnapshots, type SnapshotOptions } from './snapshots.ts';
import { planRestore, snapshotOf } from './templates.ts';
import { readWorkload, writeWorkload } from './workloads.ts';

export type { KubeGatewayOptions } from './kube-api.ts';

const PING_TIMEOUT_MS = 5_000;

/**
 * Builds the gateway for one cluster from kubeconfig YAML (KubeGatewayFactory). Throws AppError KUBECONFIG_INVALID
 * for text that is not a usable kubeconfig, or that would run commands or read files on our server.
 */
export function createKubeGateway(kubeconfigYaml: string, options: KubeGatewayOptions = {}): KubeGateway {
  const { kc } = loadKubeConfig(kubeconfigYaml);
  return new ClientNodeKubeGateway(new KubeApi(kc, options));
}

/** KubeGateway over @kubernetes/client-node; every method's failure contract is the port's. */
export class ClientNodeKubeGateway implements KubeGateway {
  readonly #api: KubeApi;

  constructor(api: KubeApi) {
    this.#api = api;
  }

  restart(ref: WorkloadRef, deployId: string): Promise<WriteResult> {
    const now = new Date();
    return writeWorkload(this.#api, ref, (obj) => planRestart(ref, obj, deployId, now));
  }

  setImage(ref: WorkloadRef, container: string, image: string, deployId: string): Promise<SetImageResult> {
    return writeWorkload(this.#api, ref, (obj) => planSetImage(ref, obj, container, image, deployId));
  }

  async captureTemplate(ref: WorkloadRef): Promise<PodTemplateSnapshot> {
    return snapshotOf(ref, await readWorkload(this.#api, ref));
  }

  restoreTemplate(ref: WorkloadRef, template: Record<string, unknown>, deployId: string): Promise<WriteResult> {
    return writeWorkload(this.#api, ref, (obj) => planRestore(ref, obj, template, deployId));
  }

  apply(manifest: Record<string, unknown>, deployId: string, options: ApplyOptions): Promise<ApplyResult> {
    return applyObject(this.#api, manifest, deployId, options);
  }

  async rolloutStatus(ref: WorkloadRef): Promise<RolloutStatus> {
    return rolloutStatusOf(ref.kind, await readWorkload(this.#api, ref));
  }

  waitForRollout(ref: WorkloadRef, options: WaitOptions): Promise<RolloutResult> {
    return waitForRollout(this.#api, ref, options);
  }

  listWorkloads(namespace: string, labelSelector: string): Promise<WorkloadInfo[]> {
    return listWorkloads(this.#api, namespace, labelSelector);
  }

  listPods(namespace: string, labelSelector: string): Promise<PodInfo[]> {
    return listPods(this.#api, namespace, labelSelector);
  }

  exec(request: ExecRequest): Promise<ExecResult> {
    return execInPod(this.#api, request);
  }

  createVolumeSnapshots(namespace: string, labelSelector: string, options: SnapshotOptions): Promise<VolumeSnapshotResult[]> {
    return createVolumeSnapshots(this.#api, namespace, labelSelector, options);
  }

  checkAccess(checks: readonly AccessCheck[]): Promise<AccessDecision[]> {
    return checkAccess(this.#api, checks);
  }

  /** GET /version once, without retries. Never throws; `reachable` is true whenever the server answered HTTP. */
  async ping(): Promise<{ reachable: boolean; version: string | null; error: string | null }> {
    try {
      const info = await this.#api.callOnce({ verb: 'get', resource: '/version' }, PING_TIMEOUT_MS, (options) =>
        this.#api.version.getCode({}, options),
      );
      return { reachable: true, version: info.gitVersion ?? null, error: null };
    } catch (error) {
      const answered = error instanceof AppError && httpStatus(error.cause) !== undefined;
      return { reachable: answered, version: null, error: error instanceof AppError ? error.detail : 'ping failed' };
    }
  }
}
