import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageReferenceFor } from './image-trigger-reference.ts';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const trigger = { repository: 'team/web', registryHost: null, pinDigest: true };

test('the reference is host/repository:tag, pinned to the digest when the trigger asks and the digest is canonical', () => {
  assert.deepEqual(imageReferenceFor(trigger, { registryHost: 'registry.test:5000', tag: 'v1', digest: DIGEST }),
    { ok: true, image: `registry.test:5000/team/web:v1@${DIGEST}` });
  assert.deepEqual(imageReferenceFor({ ...trigger, pinDigest: false }, { registryHost: 'registry.test:5000', tag: 'v1', digest: DIGEST }),
    { ok: true, image: 'registry.test:5000/team/web:v1' });
  assert.deepEqual(imageReferenceFor(trigger, { registryHost: 'registry.test:5000', tag: 'v1', digest: null }),
    { ok: true, image: 'registry.test:5000/team/web:v1' });
});

test('a non-canonical digest (vendor samples truncate them) is not pinned', () => {
  for (const digest of ['sha256:abc', `sha256:${'AB'.repeat(32)}`, `md5:${'ab'.repeat(16)}`]) {
    assert.deepEqual(imageReferenceFor(trigger, { registryHost: 'r.example', tag: 'v1', digest }), { ok: true, image: 'r.example/team/web:v1' });
  }
});

test('without a host from the push the trigger\'s host is used; without either there is no reference, and the reason says what to set', () => {
  assert.deepEqual(imageReferenceFor({ ...trigger, registryHost: 'mirror.example' }, { registryHost: null, tag: 'v2', digest: null }),
    { ok: true, image: 'mirror.example/team/web:v2' });
  const none = imageReferenceFor(trigger, { registryHost: null, tag: 'v2', digest: null });
  assert.equal(none.ok, false);
  assert.match(!none.ok ? none.reason : '', /did not say which registry.*registryHost/);
});
