/**
 * Wire types of an image trigger's rollback quarantine (/api/v1/image-triggers/{id}/quarantine): the images a
 * rollback took away from the trigger, which pushes cannot fire again until released. A push held back this way is
 * explained on its registry event (`heldBack`). The calls are on ImageTriggersApi (`quarantine`, `releaseQuarantine`).
 */

export interface QuarantineEntry {
  readonly id: string;
  readonly triggerId: string;
  readonly repository: string;
  /** `digest`: pushes of this digest (any tag) are held back; `tag`: pushes of this tag (the push had no digest). */
  readonly matchBy: 'digest' | 'tag';
  readonly digest: string | null;
  readonly tag: string;
  /** The image reference the rolled-back firing deployed. */
  readonly image: string | null;
  /** The firing's deploy record: the change that was rolled back. */
  readonly recordId: string;
  /** The rollback record that undid it. */
  readonly rollbackRecordId: string;
  /** Who started the rollback. */
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  readonly createdAt: string;
  /** Pushes this entry has kept from firing the trigger, and the latest one. */
  readonly heldCount: number;
  readonly lastHeldAt: string | null;
  readonly lastHeldEventId: string | null;
}

/** On a registry event: a matched trigger it did not fire, and why. */
export interface QuarantineHold {
  readonly triggerId: string;
  /** It may have been released since. */
  readonly quarantineEntryId: string;
  /** The quarantined digest or tag. */
  readonly subject: string;
  readonly message: string;
  readonly heldAt: string;
}

export interface RollbackOptions {
  /**
   * Quarantine, for their image triggers, the images this rollback takes away (default true): a re-delivered or
   * re-tagged push of them does not fire until released.
   */
  readonly quarantine?: boolean;
}
