/**
 * Rollback quarantine (reference/anchors.md §(c) row 8, §(d) item 5): when an operator rolls a workload back past
 * an image that an image trigger deployed, that image is quarantined for that trigger, so the next delivery or poll
 * of the same push cannot put it back. Peers re-apply the newest image over a manual rollback
 * (argocd-image-updater#1249, fluxcd/flux2#4676); here the operator's rollback wins until they release the entry.
 *
 * An entry names one trigger, one repository and one subject: the digest the firing deployed, or its tag when the
 * push carried no digest (Docker Hub, Quay, JFrog …). A digest entry holds back every push of that digest to the
 * trigger whatever its tag (the same content re-tagged is the same bad image); a tag entry holds back every push of
 * that tag, digest or not, because without a digest nothing tells the bad content from new content. Other
 * triggers and other digests fire as usual. docs/adr/0009-rollback-quarantine.md has the reasoning.
 *
 * A push that an entry holds back is not a firing (the Tencent trigger log keeps its seed shape); it is written
 * as a QuarantineHold on the registry event, with the sentence that explains it, and counted on the entry.
 */

export const QuarantineMatch = { digest: 'digest', tag: 'tag' } as const;
export type QuarantineMatch = (typeof QuarantineMatch)[keyof typeof QuarantineMatch];

export interface QuarantineEntry {
  readonly id: string;
  readonly accountId: string;
  readonly triggerId: string;
  /** Lower case, as the trigger and its log store it. */
  readonly repository: string;
  readonly matchBy: QuarantineMatch;
  /** The digest (matchBy `digest`) or the tag (matchBy `tag`) a push is held back by. */
  readonly subject: string;
  /** The tag of the firing that was rolled back (for a digest entry: the tag it was deployed under). */
  readonly tag: string;
  readonly digest: string | null;
  /** The image reference that firing deployed. */
  readonly image: string | null;
  /** The firing's deploy record: the change the rollback undid. */
  readonly recordId: string;
  /** The rollback record that undid it. */
  readonly rollbackRecordId: string;
  /** Who started the rollback; null for a rollback nobody signed (none today). */
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  readonly createdAt: number;
  /** How many pushes this entry has held back, and the latest one. */
  readonly heldCount: number;
  readonly lastHeldAt: number | null;
  readonly lastHeldEventId: string | null;
}

/** One push not fired for one trigger because an entry held it back (kept after the entry is released). */
export interface QuarantineHold {
  readonly id: string;
  readonly accountId: string;
  readonly triggerId: string;
  /** The registry event that was held back. */
  readonly eventId: string;
  readonly entryId: string;
  readonly subject: string;
  /** Why, as a sentence for operators (holdMessage). */
  readonly message: string;
  readonly heldAt: number;
}

/** What a rolled-back firing is quarantined by: its digest when it had one, else its tag. */
export function quarantineSubjectOf(firing: { readonly digest: string | null; readonly tag: string }): { matchBy: QuarantineMatch; subject: string } {
  return firing.digest !== null ? { matchBy: 'digest', subject: firing.digest } : { matchBy: 'tag', subject: firing.tag };
}

/**
 * The subjects an entry may hold a push back by: its digest (if any) and its tag. A digest always contains ":"
 * (`algorithm:encoded`) and a tag never does (OCI tag grammar), so the two cannot collide in one column. Always two
 * values (the tag twice without a digest), so the lookup is one fixed-shape statement.
 */
export function holdSubjectsOf(push: { readonly digest: string | null; readonly tag: string }): readonly [string, string] {
  return [push.digest ?? push.tag, push.tag];
}

export function holdMessage(entry: Pick<QuarantineEntry, 'matchBy' | 'subject' | 'recordId' | 'rollbackRecordId'>, triggerName: string): string {
  const what = entry.matchBy === 'digest' ? `digest ${entry.subject}` : `tag ${entry.subject}`;
  return `Not fired: ${what} is quarantined for image trigger ${triggerName} since rollback record ${entry.rollbackRecordId} undid deploy record ${entry.recordId}; release the quarantine entry to let pushes of it fire again.`;
}

/** The image of container `name` in a pod template (containers, then init containers); null when absent. */
export function containerImageIn(template: Record<string, unknown>, name: string): string | null {
  const spec = (template.spec ?? {}) as { containers?: unknown; initContainers?: unknown };
  for (const list of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const container of list as { name?: unknown; image?: unknown }[]) {
      if (container?.name === name && typeof container.image === 'string') return container.image;
    }
  }
  return null;
}

/**
 * Whether the image a rollback puts back is the one a firing deployed (then the rollback does not undo that
 * image, and quarantining it would block the very image being restored): the same reference, or a reference
 * pinned to the firing's digest.
 */
export function restoresSameImage(restored: string | null, firing: { readonly image: string | null; readonly digest: string | null }): boolean {
  if (restored === null) return false;
  if (firing.image !== null && restored === firing.image) return true;
  return firing.digest !== null && restored.endsWith(`@${firing.digest}`);
}
