import { AppError } from '../../domain/errors.ts';
import type { RolloutResult, RolloutStatus, WaitOptions, WorkloadRef } from '../../app/ports/kube-gateway.ts';
import type { KubeApi } from './kube-api.ts';
import { rolloutStatusOf } from './rollout-status.ts';
import { readWorkload } from './workloads.ts';

export const WORKLOAD_DELETED = 'WorkloadDeleted';
const DEFAULT_POLL_MS = 1_000;

/**
 * Polls kubectl's verdict (K8) until done, failed or Capstan's own deadline (K9: Deployments fail earlier on
 * ProgressDeadlineExceeded; StatefulSets and DaemonSets have only our deadline). Polling with fresh GETs has the
 * re-list-on-disconnect property of K10 for free. Outcomes are data: a workload deleted mid-wait is `failed` with
 * reason WorkloadDeleted (K10); an unreachable API between polls is waited out until the deadline; aborting the
 * signal ends the wait like the deadline does. Only the first read throws (missing workload, RBAC, unreachable).
 */
export async function waitForRollout(api: KubeApi, ref: WorkloadRef, options: WaitOptions): Promise<RolloutResult> {
  let status = rolloutStatusOf(ref.kind, await readWorkload(api, ref));
  let lastMessage = '';
  for (;;) {
    if (status.message !== lastMessage) options.onProgress?.(status);
    lastMessage = status.message;
    if (status.state === 'done') return { outcome: 'succeeded', status };
    if (status.state === 'failed') return { outcome: 'failed', status };
    const remaining = options.deadline - Date.now();
    if (remaining <= 0 || options.signal?.aborted) return { outcome: 'timed_out', status };
    await pause(Math.min(options.pollMs ?? DEFAULT_POLL_MS, remaining), options.signal);
    const next = await pollOnce(api, ref, status);
    if (next === 'deleted') return { outcome: 'failed', status: deletedStatus(ref, status) };
    status = next;
  }
}

async function pollOnce(api: KubeApi, ref: WorkloadRef, previous: RolloutStatus): Promise<RolloutStatus | 'deleted'> {
  try {
    return rolloutStatusOf(ref.kind, await readWorkload(api, ref));
  } catch (error) {
    if (error instanceof AppError && error.code === 'WORKLOAD_NOT_FOUND') return 'deleted';
    if (error instanceof AppError && error.code === 'KUBE_UNAVAILABLE') return previous;
    throw error;
  }
}

function deletedStatus(ref: WorkloadRef, last: RolloutStatus): RolloutStatus {
  return {
    ...last,
    state: 'failed',
    message: `${ref.kind} ${ref.namespace}/${ref.name} was deleted during the rollout`,
    reason: WORKLOAD_DELETED,
  };
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
