import type { DeployRecord } from '../../domain/deploy-record.ts';
import type { AppDeps } from '../deps.ts';
import type { ClusterGateways } from './cluster-gateways.ts';
import { ROLLOUT_POLL_MS } from './follow-rollout.ts';
import { describeWorkload } from './step-run.ts';

/**
 * Before a record's `post` hooks run, every workload the record wrote must have finished rolling out (DESIGN.md:
 * post hooks run "after the last rollout"), including those written by steps that did not wait themselves (an
 * `apply` step, `waitRollout: false`). Otherwise a post hook would exec into pods that are being replaced. A
 * workload that was already followed answers at once. Returns null when all are done, else why not.
 */
export async function settleRollouts(deps: AppDeps, record: DeployRecord, gateways: ClusterGateways, signal: AbortSignal): Promise<string | null> {
  const seen = new Set<string>();
  for (const change of await deps.store.records.changes(record.id)) {
    const key = `${change.clusterId}/${change.workload.namespace}/${change.workload.kind}/${change.workload.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const gateway = await gateways.get(change.clusterId);
    const { outcome, status } = await gateway.waitForRollout(change.workload, { deadline: record.deadlineAt, pollMs: ROLLOUT_POLL_MS, signal });
    if (outcome !== 'succeeded') {
      const target = describeWorkload({ ref: change.workload });
      return `${target} did not finish rolling out (${status.message}${status.reason === null ? '' : `, ${status.reason}`})`;
    }
  }
  return null;
}
