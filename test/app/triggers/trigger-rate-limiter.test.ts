import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TriggerRateLimiter } from '../../../src/app/triggers/trigger-rate-limiter.ts';
import { AppError } from '../../../src/domain/errors.ts';

const limited = (t: () => void) => {
  try {
    t();
    return null;
  } catch (e) {
    assert.ok(e instanceof AppError && e.code === 'RATE_LIMITED');
    return e.retryAfterS ?? null;
  }
};

test('no limit: every call passes', () => {
  const limiter = new TriggerRateLimiter();
  for (let i = 0; i < 1000; i++) limiter.take({ id: 't', rateLimitPerMinute: null }, 0);
});

test('a burst of the whole minute, then one call per refill interval, with Retry-After', () => {
  const limiter = new TriggerRateLimiter();
  const trigger = { id: 't', rateLimitPerMinute: 6 };
  for (let i = 0; i < 6; i++) assert.equal(limited(() => limiter.take(trigger, 1_000)), null, `call ${i}`);
  assert.equal(limited(() => limiter.take(trigger, 1_000)), 10, 'one token per 10 s');
  assert.equal(limited(() => limiter.take(trigger, 6_000)), 5);
  assert.equal(limited(() => limiter.take(trigger, 11_000)), null, 'refilled after 10 s');
  assert.notEqual(limited(() => limiter.take(trigger, 11_000)), null);
  assert.equal(limited(() => limiter.take({ id: 'other', rateLimitPerMinute: 6 }, 11_000)), null, 'buckets are per trigger');
  assert.equal(limited(() => limiter.take({ ...trigger, rateLimitPerMinute: 60 }, 11_000)), null, 'a changed limit starts a fresh bucket');
});

test('the bucket map is bounded', () => {
  const limiter = new TriggerRateLimiter(2);
  limiter.take({ id: 'a', rateLimitPerMinute: 1 }, 0);
  assert.notEqual(limited(() => limiter.take({ id: 'a', rateLimitPerMinute: 1 }, 0)), null);
  limiter.take({ id: 'b', rateLimitPerMinute: 1 }, 0);
  limiter.take({ id: 'c', rateLimitPerMinute: 1 }, 0);
  assert.equal(limited(() => limiter.take({ id: 'a', rateLimitPerMinute: 1 }, 0)), null, 'the oldest bucket was dropped');
});
