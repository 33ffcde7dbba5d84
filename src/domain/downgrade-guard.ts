/**
 * The no-downgrade guard of image triggers (anchors.md §(c) row 1, §(d) item 4: Keel rolling 8.1.0 back to 8.0.0).
 * A late or re-sent notification of an older tag (v1.4.0 arriving after v1.5.0 is deployed) must not roll a
 * workload back. A trigger with `allowDowngrade: false` fires a `set-image` step marked `unlessDowngrade`; when
 * that step runs, the container's running image is known, and the step writes nothing if the new tag is a lower
 * semantic version than the running one. The step (and so the record) still succeeds: not deploying is exactly
 * what the guard asks for, and the step's message says why.
 *
 * Only tags are compared (a digest-pinned `repo:tag@sha256:…` compares its tag part). When either tag is not a
 * strict semantic version (semver.ts: `latest`, `sha-abc1234`, `1.5`, digest-only references) the guard does not
 * apply and the image is set as without it. Equal versions are not a downgrade: the write goes ahead (a re-pushed
 * tag with a new digest still rolls out; the same reference is the usual "already set" no-op).
 */
import type { DeployRecord } from './deploy-record.ts';
import { compareSemver, parseSemver } from './semver.ts';

/** Every guard message starts with this; settle-trigger-logs.ts carries such a message into the trigger log. */
export const DOWNGRADE_GUARD_PREFIX = 'Not deployed: ';

/**
 * The tag of an image reference: the part after the last `:` of the last path segment, with any `@digest`
 * removed first (so a registry port is never taken for a tag). Null when the reference has no tag.
 */
export function imageTagOf(image: string): string | null {
  const at = image.indexOf('@');
  const named = at === -1 ? image : image.slice(0, at);
  const last = named.slice(named.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return colon === -1 || colon === last.length - 1 ? null : last.slice(colon + 1);
}

/**
 * The guard's verdict for setting `next` over `running` (null: the container is missing or has no image): the
 * message to settle the workload with when `next`'s tag is a lower semantic version than `running`'s, else null
 * (go ahead).
 */
export function downgradeRefusal(running: string | null, next: string): string | null {
  if (running === null) return null;
  const runningTag = imageTagOf(running);
  const nextTag = imageTagOf(next);
  if (runningTag === null || nextTag === null) return null;
  const from = parseSemver(runningTag);
  const to = parseSemver(nextTag);
  if (from === null || to === null || compareSemver(to, from) >= 0) return null;
  return `${DOWNGRADE_GUARD_PREFIX}${nextTag} is older than the running ${runningTag} (no-downgrade guard; set allowDowngrade on the trigger to allow it)`;
}

/**
 * The guard message of a finished record whose guarded `set-image` step wrote nothing because of the guard, else
 * null. Only steps marked `unlessDowngrade` are looked at, so no other step's message can pass for a guard's.
 */
export function downgradeSkipOf(record: Pick<DeployRecord, 'plan' | 'steps'>): string | null {
  for (const progress of record.steps) {
    const step = record.plan[progress.index];
    if (step?.type !== 'set-image' || step.unlessDowngrade !== true) continue;
    const guarded = progress.workloads.find((w) => w.state === 'succeeded' && w.message?.startsWith(DOWNGRADE_GUARD_PREFIX));
    if (guarded?.message) return guarded.message;
  }
  return null;
}
