import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from './errors.ts';
import { compileTagPattern, diffTags, normalizeRegistryUrl, registryHostOf, tracksTag } from './watched-repository.ts';

const d = (c: string) => `sha256:${c.repeat(64)}`;

test('the first poll is a baseline: nothing is reported', () => {
  assert.deepEqual(diffTags(null, { v1: d('1'), v2: d('2') }), []);
});

test('new tags and moved digests are reported in tag order; unchanged and removed tags are not', () => {
  const before = { v1: d('1'), v2: d('2'), gone: d('3') };
  const now = { v2: d('2'), v1: d('9'), v3: d('3'), a0: d('4') };
  assert.deepEqual(diffTags(before, now), [
    { tag: 'a0', digest: d('4'), change: 'new' },
    { tag: 'v1', digest: d('9'), change: 'moved' },
    { tag: 'v3', digest: d('3'), change: 'new' },
  ]);
  assert.deepEqual(diffTags(now, now), []);
});

test('image-reference hosts: Docker Hub API hosts are docker.io; ports are kept', () => {
  assert.equal(registryHostOf('https://registry-1.docker.io'), 'docker.io');
  assert.equal(registryHostOf('http://127.0.0.1:5000'), '127.0.0.1:5000');
  assert.equal(registryHostOf('https://Registry.Example:443'), 'registry.example');
});

test('registry URLs are stored as bare origins; paths, queries and user info are refused', () => {
  assert.equal(normalizeRegistryUrl('https://registry.example/'), 'https://registry.example');
  assert.equal(normalizeRegistryUrl('http://127.0.0.1:5000'), 'http://127.0.0.1:5000');
  for (const bad of ['registry.example', 'https://r.example/v2/', 'https://r.example?x=1', 'https://u:p@r.example', 'file:///etc']) {
    assert.throws(() => normalizeRegistryUrl(bad), (e) => e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.errors[0]?.pointer === '/body/registryUrl', bad);
  }
});

test('tag patterns are unanchored RE2; what RE2 cannot compile is refused with its pointer', () => {
  const semver = compileTagPattern('^v\\d+\\.\\d+\\.\\d+$');
  assert.equal(tracksTag(semver, 'v1.2.3'), true);
  assert.equal(tracksTag(semver, 'v1.2.3-rc1'), false);
  assert.equal(tracksTag(compileTagPattern('rc'), 'v1-rc2'), true);
  assert.equal(tracksTag(null, 'anything'), true);
  for (const bad of ['(a', 'a(?=b)', '\\1', 'x'.repeat(1025)]) {
    assert.throws(() => compileTagPattern(bad, '/body/tagPattern'), (e) => e instanceof AppError && e.code === 'CONDITION_REGEX_INVALID' && e.errors[0]?.pointer === '/body/tagPattern', bad);
  }
});
