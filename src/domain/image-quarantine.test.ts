import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerImageIn, holdMessage, holdSubjectsOf, quarantineSubjectOf, restoresSameImage } from './image-quarantine.ts';

const A = `sha256:${'a'.repeat(64)}`;

test('a firing is quarantined by its digest, or by its tag when the push had none', () => {
  assert.deepEqual(quarantineSubjectOf({ digest: A, tag: 'v2' }), { matchBy: 'digest', subject: A });
  assert.deepEqual(quarantineSubjectOf({ digest: null, tag: 'nightly' }), { matchBy: 'tag', subject: 'nightly' });
});

test('a push is looked up by its digest (or tag) and by its tag: always two values', () => {
  assert.deepEqual(holdSubjectsOf({ digest: A, tag: 'latest' }), [A, 'latest']);
  assert.deepEqual(holdSubjectsOf({ digest: null, tag: 'latest' }), ['latest', 'latest']);
});

test('the image of a container is read from containers, then init containers', () => {
  const template = { spec: { initContainers: [{ name: 'migrate', image: 'tools:1' }], containers: [{ name: 'web', image: 'web:2' }, { name: 'x' }] } };
  assert.equal(containerImageIn(template, 'web'), 'web:2');
  assert.equal(containerImageIn(template, 'migrate'), 'tools:1');
  assert.equal(containerImageIn(template, 'x'), null);
  assert.equal(containerImageIn(template, 'absent'), null);
  assert.equal(containerImageIn({}, 'web'), null);
});

test('a rollback that puts back the firing\'s reference, or any reference pinned to its digest, does not take it away', () => {
  const firing = { image: `r.test/team/web:v2@${A}`, digest: A };
  assert.equal(restoresSameImage(`r.test/team/web:v2@${A}`, firing), true);
  assert.equal(restoresSameImage(`r.test/team/web:latest@${A}`, firing), true);
  assert.equal(restoresSameImage('r.test/team/web:v1', firing), false);
  assert.equal(restoresSameImage(null, firing), false);
  assert.equal(restoresSameImage('r.test/team/web:nightly', { image: 'r.test/team/web:nightly', digest: null }), true);
  assert.equal(restoresSameImage('r.test/team/web:nightly', { image: null, digest: null }), false);
});

test('the hold message names what is quarantined, for which trigger, and which rollback undid which record', () => {
  const message = holdMessage({ matchBy: 'tag', subject: 'nightly', recordId: 'r1', rollbackRecordId: 'rb1' }, 'web-release');
  assert.equal(message, 'Not fired: tag nightly is quarantined for image trigger web-release since rollback record rb1 undid deploy record r1; release the quarantine entry to let pushes of it fire again.');
});
