import type { DeployRecord, RecordState } from '../../domain/deploy-record.ts';
import {
  eventForState, NOTIFICATION_DELIVERY_JOB, NOTIFICATION_MAX_ATTEMPTS, recordClusters, recordMessageId, routeWants,
  type NotificationDeliveryPayload, type NotificationRoute,
} from '../../domain/notification-channel.ts';
import type { StoreRepos } from '../ports/store.ts';

/** What deciding and queueing a record's notifications reads of it, in its final state. */
export type FinalRecord = Pick<DeployRecord, 'id' | 'accountId' | 'origin' | 'taskId' | 'triggerId' | 'plan' | 'steps'> & {
  readonly state: Extract<RecordState, 'succeeded' | 'failed' | 'stopped'>;
};

/**
 * The enabled channels of the record's account that want its event and whose filter, cluster aside, matches: one
 * indexed read of the account's enabled channels (an account has few). Empty for most finishes.
 */
export async function wantedRoutes(repos: Pick<StoreRepos, 'notifications'>, record: FinalRecord): Promise<NotificationRoute[]> {
  const routes = await repos.notifications.enabledRoutes(record.accountId);
  if (routes.length === 0) return [];
  const event = eventForState(record.state);
  return routes.filter((route) => routeWants(route, event, record));
}

/**
 * The outbox half of notifications: called inside the transaction that makes `record` final, it enqueues one
 * `notification.deliver` job per channel of `routes` (default: wantedRoutes, read in this transaction) whose cluster
 * filter, if any, matches too. The jobs commit or roll back with the state change, so a crash neither loses a
 * notification nor invents one for a finish that did not happen. The clusters of application targets are looked
 * up only when a channel filters by cluster. Each job's dedupe key is its message id, so a repeated call enqueues
 * nothing twice. Returns how many it queued.
 */
export async function enqueueRecordNotifications(
  tx: Pick<StoreRepos, 'notifications' | 'applications' | 'jobs'>,
  record: FinalRecord,
  routes?: readonly NotificationRoute[],
): Promise<number> {
  const candidates = routes ?? await wantedRoutes(tx, record);
  if (candidates.length === 0) return 0;
  const matching = candidates.some((r) => r.filter.clusterId !== undefined) ? await byCluster(tx, record, candidates) : candidates;
  const event = eventForState(record.state);
  for (const route of matching) {
    const messageId = recordMessageId(record.id, route.id);
    await tx.jobs.enqueue({
      accountId: record.accountId, kind: NOTIFICATION_DELIVERY_JOB, maxAttempts: NOTIFICATION_MAX_ATTEMPTS, dedupeKey: `notify/${messageId}`,
      payload: { channelId: route.id, messageId, event, recordId: record.id } satisfies NotificationDeliveryPayload,
    });
  }
  return matching.length;
}

async function byCluster(tx: Pick<StoreRepos, 'applications'>, record: FinalRecord, routes: readonly NotificationRoute[]): Promise<NotificationRoute[]> {
  const { clusterIds, applicationIds } = recordClusters(record);
  for (const applicationId of applicationIds) {
    const app = await tx.applications.get(record.accountId, applicationId);
    if (app) clusterIds.add(app.clusterId);
  }
  return routes.filter((r) => r.filter.clusterId === undefined || clusterIds.has(r.filter.clusterId));
}
