import { workloadSerialKey, type DeployRecord, type RecordChange } from '../../domain/deploy-record.ts';
import type { ImageTrigger } from '../../domain/image-trigger.ts';
import { containerImageIn, quarantineSubjectOf, restoresSameImage, type QuarantineEntry } from '../../domain/image-quarantine.ts';
import type { AppDeps } from '../deps.ts';
import type { StoreRepos } from '../ports/store.ts';
import { FIRING_TIMEOUT_MS } from './fire-image-trigger.ts';

/**
 * How long before the restored write a firing may have been made and still have written after it: its record
 * times out FIRING_TIMEOUT_MS after it was made; one more minute covers the clocks of different replicas.
 */
const FIRED_BEFORE_WRITE_MS = FIRING_TIMEOUT_MS + 60_000;
/** Per trigger, the newest firings looked at: a rollback past more firings of one trigger quarantines the newest. */
export const MAX_FIRINGS_PER_TRIGGER = 100;
const TRIGGER_PAGE = 200;

export interface UndoneFirings {
  /** The record rolled back to: its last template per workload is what the rollback puts back. */
  readonly target: DeployRecord;
  readonly targetChanges: readonly RecordChange[];
  /** The rollback record just started, in the same transaction. */
  readonly rollback: DeployRecord;
}

/**
 * Quarantines, inside the transaction that starts a rollback, the images that rollback takes away from image
 * triggers (domain/image-quarantine.ts). A rollback to record T restores, per workload, the template T left
 * behind, so it undoes every write made to that workload after T's last write there. Each such write made by an
 * image trigger's firing is quarantined for that trigger — (repository, digest), or the tag when the push had no
 * digest — unless the image T puts back in that container is the same one (then nothing bad is being removed).
 *
 * Which firings: those of the triggers that target the workload now (a trigger moved elsewhere no longer deploys
 * here, and a deleted one never fires again), whose log row names the workload and whose record wrote it after T
 * did — the newest MAX_FIRINGS_PER_TRIGGER per trigger. A firing still queued when the rollback starts has written
 * nothing yet and is not quarantined (the ADR's consequences). Already quarantined subjects keep their first entry.
 * Returns the entries written.
 */
export async function quarantineUndoneFirings(deps: Pick<AppDeps, 'ids' | 'clock'>, tx: StoreRepos, input: UndoneFirings): Promise<QuarantineEntry[]> {
  const { target, rollback } = input;
  const lastWrite = new Map<string, RecordChange>();
  for (const change of input.targetChanges) lastWrite.set(workloadSerialKey(change.clusterId, change.workload), change);
  const written: QuarantineEntry[] = [];
  const decided = new Set<string>();
  for (const clusterId of new Set(input.targetChanges.map((c) => c.clusterId))) {
    for (const trigger of await triggersOf(tx, target.accountId, clusterId)) {
      const workload = { namespace: trigger.namespace, kind: trigger.workloadKind, name: trigger.workloadName };
      const key = workloadSerialKey(trigger.clusterId, workload);
      const restored = lastWrite.get(key);
      if (!restored) continue;
      const firings = await tx.triggerLogs.list(target.accountId, { triggerId: trigger.id, from: restored.at - FIRED_BEFORE_WRITE_MS, limit: MAX_FIRINGS_PER_TRIGGER });
      for (const log of firings.items) {
        if (log.recordId === null || log.recordId === target.id) continue;
        const { target: at } = log;
        if (workloadSerialKey(at.clusterId, { namespace: at.namespace, kind: at.workloadKind, name: at.workloadName }) !== key) continue;
        const { matchBy, subject } = quarantineSubjectOf(log);
        const once = `${trigger.id}\u0000${log.repository}\u0000${subject}`;
        if (decided.has(once)) continue;
        if (restoresSameImage(containerImageIn(restored.after, at.containerName), log)) continue;
        const changes = await tx.records.changes(log.recordId);
        if (!changes.some((c) => workloadSerialKey(c.clusterId, c.workload) === key && c.at > restored.at)) continue;
        decided.add(once);
        const entry: QuarantineEntry = {
          id: deps.ids.newId(), accountId: target.accountId, triggerId: trigger.id, repository: log.repository, matchBy, subject,
          tag: log.tag, digest: log.digest, image: log.image, recordId: log.recordId, rollbackRecordId: rollback.id,
          createdBy: rollback.createdBy, createdAt: deps.clock.now(), heldCount: 0, lastHeldAt: null, lastHeldEventId: null,
        };
        if (await tx.imageQuarantine.insert(entry)) written.push(entry);
      }
    }
  }
  return written;
}

/** Every image trigger that deploys to the cluster (through the account + cluster index). */
async function triggersOf(tx: StoreRepos, accountId: string, clusterId: string): Promise<ImageTrigger[]> {
  const all: ImageTrigger[] = [];
  let cursor: string | null = null;
  do {
    const page = await tx.imageTriggers.list(accountId, { clusterId, limit: TRIGGER_PAGE, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
}
