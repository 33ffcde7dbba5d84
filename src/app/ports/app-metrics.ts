import type { RecordOrigin } from '../../domain/deploy-record.ts';
import type { DeliveryOutcome } from '../../domain/notification-channel.ts';

export type FinishedRecordState = 'succeeded' | 'failed' | 'stopped';
export type ImageTriggerFiringResult = 'fired' | 'held';

/**
 * Outcomes of the app layer that operators alert on, counted where they happen (the HTTP and job-state metrics
 * are the HTTP layer's own). Every argument is a fixed enum, never an id, name or URL, so a metric's series stay
 * bounded. Implementations must not throw: counting never changes the outcome it counts.
 */
export interface AppMetrics {
  /** A deploy record reached a final state through a write that actually happened (not on a lost race). */
  recordFinished(state: FinishedRecordState, origin: RecordOrigin): void;
  /** One attempt of a notification delivery, with the outcome logged on the channel. */
  notificationDelivery(outcome: DeliveryOutcome): void;
  /** A matched image trigger fired, or was held by a quarantine entry (counted once per firing, not per retry). */
  imageTriggerFiring(result: ImageTriggerFiringResult): void;
  /** The audit log could not record a call (the call itself was answered as its handler made it). */
  auditWriteFailed(): void;
}

/** Counts nothing: for tests and for callers built without metrics (`deps.metrics ?? NO_METRICS`). */
export const NO_METRICS: AppMetrics = {
  recordFinished() {},
  notificationDelivery() {},
  imageTriggerFiring() {},
  auditWriteFailed() {},
};
