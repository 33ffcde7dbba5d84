import type { ImageTrigger } from '../../domain/image-trigger.ts';
import { holdSubjectsOf, type QuarantineEntry } from '../../domain/image-quarantine.ts';
import type { StoreRepos } from '../ports/store.ts';

/**
 * The quarantine entry that holds back this push from this trigger, or null (domain/image-quarantine.ts): one
 * indexed statement per matched trigger, made inside the firing's transaction so a release or a rollback that
 * commits first is seen. The repository compared is the trigger's (lower case), the one its firings logged.
 */
export function findQuarantineHold(
  repos: Pick<StoreRepos, 'imageQuarantine'>,
  trigger: Pick<ImageTrigger, 'accountId' | 'id' | 'repository'>,
  push: { readonly digest: string | null; readonly tag: string },
): Promise<QuarantineEntry | null> {
  return repos.imageQuarantine.findHold(trigger.accountId, trigger.id, trigger.repository, holdSubjectsOf(push));
}
