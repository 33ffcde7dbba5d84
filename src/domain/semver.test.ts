import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSemver, parseSemver, type SemVer } from './semver.ts';

function v(text: string): SemVer {
  const parsed = parseSemver(text);
  assert.ok(parsed, `${text} parses`);
  return parsed;
}

const cmp = (a: string, b: string): number => compareSemver(v(a), v(b));

test('strict MAJOR.MINOR.PATCH with an optional leading v, pre-release and build metadata', () => {
  assert.deepEqual(parseSemver('1.5.0'), { major: 1, minor: 5, patch: 0, prerelease: [] });
  assert.deepEqual(parseSemver('v1.5.0'), { major: 1, minor: 5, patch: 0, prerelease: [] });
  assert.deepEqual(parseSemver('1.5.0-rc.1'), { major: 1, minor: 5, patch: 0, prerelease: ['rc', 1] });
  assert.deepEqual(parseSemver('1.0.0-x-y.0a.7+build.5'), { major: 1, minor: 0, patch: 0, prerelease: ['x-y', '0a', 7] });
  assert.deepEqual(parseSemver('10.20.30+sha.abc'), { major: 10, minor: 20, patch: 30, prerelease: [] });
});

test('anything that is not a strict version is null, never a guess', () => {
  for (const text of ['latest', 'sha-abc1234', '1.5', 'v1', '1.5.0.1', '01.2.3', '1.02.3', '1.2.03', '1.2.3-01', '1.2.3-', '1.2.3-a..b',
    '1.2.3+', 'vv1.2.3', 'V1.2.3', ' 1.2.3', '1.2.3 ', '2024-05-01', '', `${'9'.repeat(20)}.0.0`]) {
    assert.equal(parseSemver(text), null, text);
  }
});

test('the core compares numerically, not as text', () => {
  assert.ok(cmp('1.4.0', '1.5.0') < 0);
  assert.ok(cmp('8.1.0', '8.0.0') > 0);
  assert.ok(cmp('1.10.0', '1.9.0') > 0);
  assert.ok(cmp('2.0.0', '1.99.99') > 0);
  assert.ok(cmp('1.2.10', '1.2.9') > 0);
  assert.equal(cmp('1.2.3', '1.2.3'), 0);
});

test('a pre-release is lower than its release; identifiers follow semver.org §11', () => {
  assert.ok(cmp('1.5.0-rc.1', '1.5.0') < 0);
  assert.ok(cmp('1.5.0', '1.5.0-rc.1') > 0);
  assert.ok(cmp('1.5.0-rc.1', '1.4.9') > 0, 'the core decides first');
  const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0'];
  for (let i = 0; i + 1 < ordered.length; i++) {
    assert.ok(cmp(ordered[i] as string, ordered[i + 1] as string) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
    assert.ok(cmp(ordered[i + 1] as string, ordered[i] as string) > 0, `${ordered[i + 1]} > ${ordered[i]}`);
  }
});

test('build metadata is ignored and the v prefix changes nothing', () => {
  assert.equal(cmp('1.5.0+build.1', '1.5.0+build.2'), 0);
  assert.equal(cmp('1.5.0-rc.1+a', '1.5.0-rc.1'), 0);
  assert.equal(cmp('v1.5.0', '1.5.0'), 0);
  assert.ok(cmp('v1.4.0', '1.5.0') < 0);
});
