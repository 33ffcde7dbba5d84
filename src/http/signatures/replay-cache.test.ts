import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { ReplayCache } from './replay-cache.ts';

test('a key is accepted once until it expires, then again', () => {
  const cache = new ReplayCache(10);
  assert.equal(cache.claim('acs3\nCAPK1\nnonce:1', 2_000, 1_000), true);
  assert.equal(cache.claim('acs3\nCAPK1\nnonce:1', 2_000, 1_500), false);
  assert.equal(cache.claim('acs3\nCAPK2\nnonce:1', 2_000, 1_500), true, 'another key may use the same nonce');
  assert.equal(cache.claim('acs3\nCAPK1\nnonce:1', 2_500, 2_000), true, 'expired entries no longer count');
});

test('an already expired claim is not stored', () => {
  const cache = new ReplayCache(10);
  assert.equal(cache.claim('k', 1_000, 1_000), true);
  assert.equal(cache.size, 0);
});

test('when full, expired entries are swept; still full of valid entries, it refuses instead of forgetting', () => {
  const cache = new ReplayCache(3);
  cache.claim('a', 1_100, 1_000);
  cache.claim('b', 5_000, 1_000);
  cache.claim('c', 5_000, 1_000);
  assert.equal(cache.claim('d', 5_000, 2_000), true, 'a had expired and made room');
  assert.equal(cache.size, 3);
  assert.throws(() => cache.claim('e', 5_000, 2_000), (e: AppError) => e.code === 'RATE_LIMITED' && e.retryAfterS === 1);
  assert.equal(cache.claim('b', 5_000, 2_000), false, 'valid entries were kept');
});
