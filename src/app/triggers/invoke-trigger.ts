import { newRecordId, type RecordState } from '../../domain/deploy-record.ts';
import { AppError, invalid } from '../../domain/errors.ts';
import type { Trigger } from '../../domain/trigger.ts';
import { parseImageOverrides, triggerRun, TRIGGER_RUN_TIMEOUT_MS, type ImageOverride } from '../../domain/trigger-plan.ts';
import { connectCluster } from '../clusters/connect-cluster.ts';
import type { AppDeps } from '../deps.ts';
import { startRecord } from '../records/start-record.ts';
import { sharedRead, sharedTransaction } from '../shared-transaction.ts';
import { verifyTriggerSignature } from './trigger-signature.ts';
import type { TriggerRateLimiter } from './trigger-rate-limiter.ts';
import type { TriggerTokenClaims } from './trigger-token.ts';

export interface TriggerCall {
  /** Claims of a token whose signature was already verified (verifyTriggerToken). */
  readonly claims: TriggerTokenClaims;
  readonly rawBody: Buffer;
  readonly headers: {
    readonly webhookId: string | undefined;
    readonly webhookTimestamp: string | undefined;
    readonly webhookSignature: string | undefined;
  };
}

export interface TriggerCallResult {
  /** The deploy record that will do what the call asked: a new one, or the queued one the call joined. */
  readonly recordId: string;
  readonly created: boolean;
}

/**
 * One call of a trigger URL, after its token's signature checked out. In order: the trigger must still exist and
 * match the token (else RESOURCE_NOT_FOUND — deleted means revoked); its Standard Webhooks signature when it
 * requires one; its rate limit; for application triggers, the optional image-override body, whose workloads must
 * belong to the application. Then a deploy record and its job are written in one transaction (DESIGN.md execution
 * model 1) — only after that commits does the caller answer, so an accepted call survives a crash.
 *
 * Plain redeploys coalesce while one is still queued (below); a signed call is deduplicated by its `webhook-id`,
 * so a replay returns the first call's record instead of redeploying again.
 */
export async function invokeTrigger(deps: AppDeps, limiter: TriggerRateLimiter, call: TriggerCall): Promise<TriggerCallResult> {
  let { trigger, lastRedeployState } = await triggerOf(deps, call.claims);
  const now = deps.clock.now();
  const webhookId = trigger.requireSignature
    ? verifyTriggerSignature(deps.secrets, trigger, { ...call.headers, rawBody: call.rawBody, now })
    : null;
  limiter.take(trigger, now);
  const overrides = trigger.type === 'application' ? await checkedOverrides(deps, trigger, call.rawBody) : [];
  const dedupeKey = webhookId === null ? null : `trigger/${trigger.id}/webhook/${webhookId}`;
  const run = triggerRun(trigger, overrides);
  const coalescing = run.coalesce;
  for (let attempt = 1; ; attempt++) {
    // Coalescing (Q10), read-only: while the trigger's newest redeploy has not started it will restart everything
    // after this call arrived, so the call joins it — no write, no write lock. That it was still queued when read
    // is all the guarantee needs: whatever happens to it next happens after the call.
    if (coalescing && lastRedeployState === 'queued' && trigger.lastRedeployRecordId !== null) {
      return { recordId: trigger.lastRedeployRecordId, created: false };
    }
    const current = trigger;
    // Group commit (shared-transaction.ts): under load, concurrent calls share one commit; this call is answered
    // only after the transaction holding its record and job has committed.
    const started = await sharedTransaction(deps.store, async (tx) => {
      // The id is fixed up front, so the trigger can be pointed at the new record before it is written; the
      // pointer moves by compare-and-set only (a row lock on PostgreSQL), so two calls never both start a
      // redeploy from the same state.
      const uuid = deps.ids.newOrderedId();
      if (coalescing && !(await tx.triggers.claimRedeploy(current.id, current.lastRedeployRecordId, newRecordId(uuid)))) return null;
      const result = await startRecord({ clock: deps.clock, ids: { newId: () => uuid, newOrderedId: () => uuid } }, tx, {
        accountId: current.accountId,
        type: 'trigger',
        origin: 'trigger-url',
        hookAction: run.hookAction,
        plan: run.plan,
        triggerId: current.id,
        createdBy: null,
        timeoutMs: TRIGGER_RUN_TIMEOUT_MS,
        serialKey: run.serialKey,
        // Coalescing is done here, on the record, not by the job's coalesce key: a job re-queued after a crash
        // belongs to a record that is already running, and Q10 forbids merging into that.
        dedupeKey,
      });
      // A replayed webhook-id returned the first call's record: point the trigger at it, not at the unused id.
      if (coalescing && !result.created) await tx.triggers.claimRedeploy(current.id, newRecordId(uuid), result.record.id);
      return { recordId: result.record.id, created: result.created };
    });
    if (started) return started;
    // Another call started a redeploy of this trigger since we read it: join that one (or, if it already left the
    // queue, start the next). Bounded: each lost race means another call made progress.
    if (attempt >= 5) throw new AppError('DEPLOY_IN_PROGRESS', 'Calls to this trigger keep racing; try again.', { retryAfterS: 1 });
    ({ trigger, lastRedeployState } = await triggerOf(deps, call.claims));
  }
}

async function triggerOf(deps: AppDeps, claims: TriggerTokenClaims): Promise<{ trigger: Trigger; lastRedeployState: RecordState | null }> {
  const found = await sharedRead(deps.store, (repos) => repos.triggers.findForCall(claims.jti));
  if (!found || found.trigger.clusterId !== claims.clusterId || String(found.trigger.ackId) !== claims.id) {
    throw new AppError('RESOURCE_NOT_FOUND', 'The trigger does not exist (deleted, or never created).');
  }
  return found;
}

/**
 * The image-override body of an application trigger (seed-apis.md §1.3 item 6). Each named Deployment must be one
 * the application selects and have the named container: a trigger URL may change its own application, nothing
 * else in the namespace. Reading the application's workloads costs one cluster call, on this path only.
 */
async function checkedOverrides(deps: AppDeps, trigger: Trigger, rawBody: Buffer): Promise<ImageOverride[]> {
  const text = rawBody.toString('utf8').trim();
  if (text === '') return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('MALFORMED_BODY', 'The request body is not valid JSON.', { errors: [{ pointer: '/body', detail: 'is not valid JSON' }] });
  }
  const overrides = parseImageOverrides(body);
  if (overrides.length === 0) return overrides;
  const app = trigger.applicationId === null ? null : await deps.store.applications.get(trigger.accountId, trigger.applicationId);
  if (!app) throw new AppError('RESOURCE_NOT_FOUND', 'The trigger\'s application no longer exists.');
  const { gateway } = await connectCluster(deps, trigger.accountId, trigger.clusterId);
  const workloads = await gateway.listWorkloads(app.namespace, app.selector);
  for (const o of overrides) {
    const workload = workloads.find((w) => w.ref.kind === 'Deployment' && w.ref.name === o.deployment);
    if (!workload) {
      throw invalid(`Deployment ${o.deployment} is not part of application ${app.name}.`, [{ pointer: '/body/resource/deployment', detail: `names ${o.deployment}, which the application does not select` }]);
    }
    if (!workload.containers.some((c) => c.name === o.container)) {
      const names = workload.containers.map((c) => c.name).join(', ');
      throw invalid(`Deployment ${o.deployment} has no container ${o.container} (it has ${names}).`, [{ pointer: '/body/resource/deployment', detail: `names container ${o.container}, which ${o.deployment} does not have` }]);
    }
  }
  return overrides;
}
