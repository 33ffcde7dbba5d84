import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiException } from '@kubernetes/client-node';
import { AppError } from '../../domain/errors.ts';
import { classify, kubeStatus, translateKubeError, type KubeCallContext } from './errors.ts';

const ctx: KubeCallContext = {
  verb: 'patch',
  resource: 'deployments.apps',
  namespace: 'shop',
  name: 'web',
  notFound: () => new AppError('WORKLOAD_NOT_FOUND', 'Deployment shop/web does not exist.'),
};

const status = (code: number, reason: string, extra: Record<string, unknown> = {}) =>
  new ApiException(code, 'Unsuccessful HTTP Request', JSON.stringify({ kind: 'Status', code, reason, message: 'secret-ish body text', ...extra }), {});

describe('translateKubeError', () => {
  const cases: { name: string; error: unknown; code: string }[] = [
    { name: '404 on the target means the workload is missing', error: status(404, 'NotFound'), code: 'WORKLOAD_NOT_FOUND' },
    { name: '403 is our own RBAC, rendered as upstream', error: status(403, 'Forbidden'), code: 'KUBE_FORBIDDEN' },
    { name: '401 means our credentials were rejected', error: new ApiException(401, 'Unauthorized', undefined, {}), code: 'KUBE_FORBIDDEN' },
    { name: '409 Conflict is a write conflict', error: status(409, 'Conflict'), code: 'KUBE_CONFLICT' },
    { name: '409 AlreadyExists is a taken name', error: status(409, 'AlreadyExists'), code: 'NAME_TAKEN' },
    { name: '429 after retries is unavailability', error: status(429, 'TooManyRequests'), code: 'KUBE_UNAVAILABLE' },
    { name: '503 after retries is unavailability', error: status(503, 'ServiceUnavailable'), code: 'KUBE_UNAVAILABLE' },
    { name: '422 Invalid is an upstream error', error: status(422, 'Invalid'), code: 'KUBE_UPSTREAM' },
    { name: 'a request timeout is unavailability', error: new DOMException('timed out', 'TimeoutError'), code: 'KUBE_UNAVAILABLE' },
    {
      name: 'a refused connection is unavailability',
      error: new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }),
      code: 'KUBE_UNAVAILABLE',
    },
    { name: 'anything else is an upstream error', error: new Error('weird'), code: 'KUBE_UPSTREAM' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const translated = translateKubeError(c.error, ctx);
      assert.equal(translated.code, c.code);
      assert.equal(translated.cause, c.error);
    });
  }

  test('a 404 without a meaning for the call is an upstream error, not a missing workload', () => {
    assert.equal(translateKubeError(status(404, 'NotFound'), { verb: 'get', resource: '/version' }).code, 'KUBE_UPSTREAM');
  });

  test('a 400 on a list with a selector becomes the caller-given error', () => {
    const listCtx: KubeCallContext = { verb: 'list', resource: 'pods', badRequest: () => new AppError('SELECTOR_INVALID', 'bad') };
    assert.equal(translateKubeError(status(400, 'BadRequest'), listCtx).code, 'SELECTOR_INVALID');
  });

  test('the detail names the verb and object but never the upstream body', () => {
    const translated = translateKubeError(status(403, 'Forbidden'), ctx);
    assert.match(translated.detail, /patch deployments\.apps "web" in namespace "shop"/);
    assert.doesNotMatch(translated.detail, /secret-ish/);
  });

  test('a 422 detail lists the fields the server objected to', () => {
    const invalid = status(422, 'Invalid', { details: { causes: [{ field: 'spec.template.spec.containers[0].image', message: 'Required value' }] } });
    assert.match(translateKubeError(invalid, ctx).detail, /containers\[0\]\.image: Required value/);
  });

  test('an AppError passes through unchanged', () => {
    const original = new AppError('CONTAINER_NOT_FOUND', 'x');
    assert.equal(translateKubeError(original, ctx), original);
  });

  test('keeps Retry-After on unavailability', () => {
    const limited = new ApiException(429, 'x', '{"kind":"Status","code":429}', { 'Retry-After': '3' });
    assert.equal(translateKubeError(limited, ctx).retryAfterS, 3);
  });
});

describe('classify and kubeStatus', () => {
  test('reads reason and retryAfterSeconds from the Status body', () => {
    const s = kubeStatus(status(429, 'TooManyRequests', { details: { retryAfterSeconds: 2 } }));
    assert.deepEqual([s?.code, s?.reason, s?.retryAfterSeconds], [429, 'TooManyRequests', 2]);
  });

  test('tolerates a body that is not JSON', () => {
    assert.equal(kubeStatus(new ApiException(502, 'x', '<html>bad gateway</html>', {}))?.reason, undefined);
  });

  test('an aborted request is a timeout', () => {
    assert.equal(classify(new DOMException('aborted', 'AbortError')), 'timeout');
  });
});
