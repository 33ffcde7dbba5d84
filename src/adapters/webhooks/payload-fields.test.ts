import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readReference, readTime, readUnixSeconds } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { invalidAt } from '../../../test/fixtures/registry-webhooks/registry-webhook-fixtures.ts';

const node = (value: unknown) => new PayloadNode(value, '/body/x');

test('a reference splits into host, repository, tag and digest', () => {
  assert.deepEqual(readReference(node('hub.harbor.com/test-webhook/debian:latest')),
    { host: 'hub.harbor.com', repository: 'test-webhook/debian', tag: 'latest', digest: null });
  assert.deepEqual(readReference(node('localhost/harbor/alpine@sha256:954b')),
    { host: 'localhost', repository: 'harbor/alpine', tag: null, digest: 'sha256:954b' });
  assert.deepEqual(readReference(node('10.0.0.1:5000/app:v1@sha256:ab')),
    { host: '10.0.0.1:5000', repository: 'app', tag: 'v1', digest: 'sha256:ab' });
  assert.deepEqual(readReference(node('team/app')), { host: null, repository: 'team/app', tag: null, digest: null });
});

test('an empty tag after the colon is no tag (GHCR untagged push)', () => {
  assert.equal(readReference(node('ghcr.io/Codertocat/hello-world:')).tag, null);
});

test('a reference with a space or an empty path is refused with its pointer', () => {
  assert.throws(() => readReference(node('quay.io/a b')), invalidAt('/body/x'));
  assert.throws(() => readReference(node('quay.io/')), invalidAt('/body/x'));
});

test('times need a zone; Go\'s zero time means no time', () => {
  assert.equal(readTime(node('2020-04-05T21:49:44.219+0000')), Date.UTC(2020, 3, 5, 21, 49, 44, 219));
  assert.equal(readTime(node('0001-01-01T00:00:00Z')), null);
  assert.equal(readTime(node(null)), null);
  assert.throws(() => readTime(node('2016-11-29 12:25:46')), invalidAt('/body/x'));
});

test('Unix seconds may be a float', () => {
  assert.equal(readUnixSeconds(node(1.417566161e9)), 1417566161000);
  assert.throws(() => readUnixSeconds(node('1417566161')), invalidAt('/body/x'));
});

test('pointers escape "/" and "~" in member names (RFC 6901)', () => {
  assert.equal(PayloadNode.body({}).get('a/b').get('c~d').pointer, '/body/a~1b/c~0d');
});
