import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { snapshotName } from './snapshots.ts';

describe('snapshotName', () => {
  test('joins prefix and PVC name', () => {
    assert.equal(snapshotName('capstan-run-1', 'data-db-0'), 'capstan-run-1-data-db-0');
  });

  test('lower-cases and replaces characters a DNS subdomain cannot hold', () => {
    assert.equal(snapshotName('Run_1', 'Data PVC'), 'run-1-data-pvc');
  });

  test('stays within 253 characters and unique by hashing long names', () => {
    const a = snapshotName('p'.repeat(200), `${'x'.repeat(100)}a`);
    const b = snapshotName('p'.repeat(200), `${'x'.repeat(100)}b`);
    assert.ok(a.length <= 253 && b.length <= 253);
    assert.notEqual(a, b);
  });
});
