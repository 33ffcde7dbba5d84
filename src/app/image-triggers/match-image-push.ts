import type { AppDeps } from '../deps.ts';
import { NO_METRICS } from '../ports/app-metrics.ts';
import { findMatchingTriggers } from './find-matching-triggers.ts';
import { fireImageTrigger } from './fire-image-trigger.ts';

export interface MatchOutcome {
  /** False when the event does not exist (nothing to do, not an error). */
  readonly found: boolean;
  readonly matched: number;
  /** Firings written by this run. */
  readonly fired: number;
  /**
   * Matched triggers a quarantine entry held back in this run (domain/image-quarantine.ts). `matched - fired - held`
   * had already fired or been held in an earlier run of the same job.
   */
  readonly held: number;
}

/**
 * The `image-push.match` job's use case: reads the accepted registry event, finds the triggers it fires and fires
 * each in its own transaction (one trigger's failure to commit does not undo another's; a retry skips those that
 * fired). Pushes that match nothing leave no trace in the trigger log: they are not firings. A matched trigger whose
 * pushed digest (or tag) is quarantined does not fire; the hold on the event says why. Safe to run again.
 */
export async function matchImagePush(deps: Pick<AppDeps, 'store' | 'clock' | 'ids' | 'metrics'>, accountId: string, eventId: string): Promise<MatchOutcome> {
  const event = await deps.store.registryEvents.get(accountId, eventId);
  if (!event) return { found: false, matched: 0, fired: 0, held: 0 };
  const tag = event.push.tag;
  if (tag === null) return { found: true, matched: 0, fired: 0, held: 0 };
  const triggers = await findMatchingTriggers(deps.store, accountId, event.push);
  let fired = 0;
  let held = 0;
  for (const trigger of triggers) {
    const firing = await fireImageTrigger(deps, { ...event, push: { ...event.push, tag } }, trigger);
    // A retry that finds the firing (or hold) already written counts nothing: each is counted once, by its writer.
    if (!firing.created) continue;
    if (firing.outcome === 'fired') fired++;
    else held++;
    (deps.metrics ?? NO_METRICS).imageTriggerFiring(firing.outcome);
  }
  return { found: true, matched: triggers.length, fired, held };
}
