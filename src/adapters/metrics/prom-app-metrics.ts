/**
 * The AppMetrics port over prom-client, registered on the registry GET /metrics serves. Every label value of the
 * fixed enums is zeroed at creation, so dashboards and alerts see 0 before the first event (a labelled counter
 * with no series reads as "no data", which `rate()` and `increase()` cannot alert on). A value outside an enum
 * (only a cast could pass one) is counted under `other`, so the series stay bounded whatever a caller passes.
 */
import { Counter, type Registry } from 'prom-client';
import type { AppMetrics } from '../../app/ports/app-metrics.ts';
import { RecordOrigin } from '../../domain/deploy-record.ts';
import { DeliveryOutcome } from '../../domain/notification-channel.ts';

const FINAL_STATES: readonly string[] = ['succeeded', 'failed', 'stopped'];
const ORIGINS: readonly string[] = Object.values(RecordOrigin);
const OUTCOMES: readonly string[] = Object.values(DeliveryOutcome);
const FIRING_RESULTS: readonly string[] = ['fired', 'held'];
const OTHER = 'other';

export function createPromAppMetrics(registry: Registry): AppMetrics {
  const registers = [registry];
  const finished = new Counter({
    name: 'capstan_deploy_records_finished_total', help: 'Deploy records that reached a final state, by state and origin.',
    labelNames: ['state', 'origin'] as const, registers,
  });
  const deliveries = new Counter({
    name: 'capstan_notification_deliveries_total', help: 'Notification delivery attempts, by logged outcome.',
    labelNames: ['outcome'] as const, registers,
  });
  const firings = new Counter({
    name: 'capstan_image_trigger_firings_total', help: 'Image triggers matched by a registry push: fired, or held by a quarantine entry.',
    labelNames: ['result'] as const, registers,
  });
  const auditFailures = new Counter({
    name: 'capstan_audit_write_failures_total', help: 'Audit log entries that could not be written.', registers,
  });

  for (const state of FINAL_STATES) for (const origin of ORIGINS) finished.labels({ state, origin }).inc(0);
  for (const outcome of OUTCOMES) deliveries.labels({ outcome }).inc(0);
  for (const result of FIRING_RESULTS) firings.labels({ result }).inc(0);
  auditFailures.inc(0);

  return {
    recordFinished(state, origin) {
      finished.labels({ state: bounded(state, FINAL_STATES), origin: bounded(origin, ORIGINS) }).inc();
    },
    notificationDelivery(outcome) {
      deliveries.labels({ outcome: bounded(outcome, OUTCOMES) }).inc();
    },
    imageTriggerFiring(result) {
      firings.labels({ result: bounded(result, FIRING_RESULTS) }).inc();
    },
    auditWriteFailed() {
      auditFailures.inc();
    },
  };
}

function bounded(value: string, allowed: readonly string[]): string {
  return allowed.includes(value) ? value : OTHER;
}
