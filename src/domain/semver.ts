/**
 * A strict Semantic Versioning 2.0.0 parser and comparison (semver.org §2, §9–§11), for the no-downgrade guard of
 * image triggers (downgrade-guard.ts). Written here rather than taken from the `semver` package: that one is only
 * a transitive dependency (not ours to import) and is lenient in ways a guard must not be.
 *
 * Accepted: `MAJOR.MINOR.PATCH`, optional `-pre.release` and `+build`, and one leading `v` (the common tag style,
 * `v1.5.0`). Not accepted: two-part `1.5`, leading zeros (`01.2.3`, `1.2.3-01`), empty identifiers, anything else
 * — so `latest`, `sha-abc1234` or `2024-05-01` are simply "not a version", never a guess.
 */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Dot-separated identifiers; numeric ones as numbers. Empty for a release. */
  readonly prerelease: readonly (string | number)[];
}

const NUMBER = '0|[1-9][0-9]*';
const IDENTIFIER = `(?:${NUMBER}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(
  `^v?(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})(?:-(${IDENTIFIER}(?:\\.${IDENTIFIER})*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`,
);

/** The version a text names, or null when it is not a strict semantic version (build metadata is dropped). */
export function parseSemver(text: string): SemVer | null {
  const m = SEMVER.exec(text);
  if (m === null) return null;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!Number.isSafeInteger(major) || !Number.isSafeInteger(minor) || !Number.isSafeInteger(patch)) return null;
  const prerelease = m[4] === undefined ? [] : m[4].split('.').map((id) => (/^[0-9]+$/.test(id) ? Number(id) : id));
  return { major, minor, patch, prerelease };
}

/**
 * Precedence (semver.org §11): negative when `a` is lower, 0 when equal, positive when higher. Build metadata
 * never counts; a pre-release is lower than its release (`1.5.0-rc.1` < `1.5.0`); pre-release identifiers compare
 * numerically when both are numbers, numbers below words, words in ASCII order, and a shorter list first when all
 * shared ones are equal.
 */
export function compareSemver(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return Math.sign(b.prerelease.length - a.prerelease.length);
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return Math.sign(x - y);
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
