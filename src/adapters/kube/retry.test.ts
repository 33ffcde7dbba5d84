import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiException } from '@kubernetes/client-node';
import { isTransient, retryDelayMs, withRetry, type RetryPolicy } from './retry.ts';

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };
const http = (code: number, headers: Record<string, string> = {}) => new ApiException(code, 'x', '{}', headers);

function failing(errors: unknown[]): { op: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    op: async () => {
      const error = errors[calls++];
      if (error !== undefined) throw error;
      return 'ok';
    },
    calls: () => calls,
  };
}

describe('withRetry', () => {
  test('retries 500s and then succeeds', async () => {
    const waits: number[] = [];
    const { op, calls } = failing([http(500), http(503)]);
    assert.equal(await withRetry(op, policy, async (ms) => void waits.push(ms)), 'ok');
    assert.equal(calls(), 3);
    assert.equal(waits.length, 2);
  });

  test('gives up after the bounded number of attempts with the last error', async () => {
    const { op, calls } = failing([http(500), http(500), http(500), http(502), http(500)]);
    await assert.rejects(withRetry(op, policy, async () => {}), (e: unknown) => e instanceof ApiException && e.code === 502);
    assert.equal(calls(), 4);
  });

  for (const code of [400, 401, 403, 404, 409, 422]) {
    test(`fails at once on ${code}`, async () => {
      const { op, calls } = failing([http(code)]);
      await assert.rejects(withRetry(op, policy, async () => {}));
      assert.equal(calls(), 1);
    });
  }

  test('retries timeouts and dropped connections', async () => {
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
    const { op } = failing([new DOMException('t', 'TimeoutError'), reset]);
    assert.equal(await withRetry(op, policy, async () => {}), 'ok');
  });
});

describe('retryDelayMs', () => {
  test('honours Retry-After, capped at the maximum delay', () => {
    assert.equal(retryDelayMs(http(429, { 'retry-after': '0' }), 1, policy), 0);
    assert.equal(retryDelayMs(http(429, { 'retry-after': '1' }), 1, policy), 1_000);
    assert.equal(retryDelayMs(http(429, { 'retry-after': '60' }), 1, policy), 1_000);
  });

  test('backs off exponentially with jitter inside [ceiling/2, ceiling]', () => {
    assert.equal(retryDelayMs(http(500), 1, policy, () => 0), 50);
    assert.equal(retryDelayMs(http(500), 3, policy, () => 1), 400);
    assert.equal(retryDelayMs(http(500), 10, policy, () => 1), 1_000);
  });
});

describe('isTransient', () => {
  test('429 and 5xx except 501 are transient', () => {
    assert.deepEqual([429, 500, 501, 503, 504].map((c) => isTransient(http(c))), [true, true, false, true, true]);
  });
});
