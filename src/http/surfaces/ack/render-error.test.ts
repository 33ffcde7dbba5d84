import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOG, ErrorKind, type ErrorCode } from '../../../domain/errors.ts';
import { renderAckError, renderAckHookError } from './render-error.ts';

const request = { id: 'req-7', url: '/clusters/c1/triggers', method: 'POST' } as FastifyRequest;
const SECRET = 'pg: password authentication failed for user capstan';

// [catalog code, HTTP status, ACK code]; the message is the detail given to the AppError.
const CASES: readonly [ErrorCode, number, string][] = [
  ['VALIDATION_FAILED', 400, 'InvalidParameter'],
  ['MALFORMED_BODY', 400, 'InvalidParameter'],
  ['TOKEN_MISSING', 401, 'InvalidAccessKeyId'],
  ['TOKEN_INVALID', 401, 'InvalidAccessKeyId'],
  ['SIGNATURE_INVALID', 401, 'SignatureDoesNotMatch'],
  ['SIGNATURE_EXPIRED', 401, 'InvalidTimeStamp.Expired'],
  ['SIGNATURE_REPLAYED', 401, 'SignatureNonceUsed'],
  ['ROLE_FORBIDS_ACTION', 403, 'ErrorCheckAcl'],
  ['READ_ONLY_RESOURCE', 403, 'ErrorCheckAcl'],
  ['CLUSTER_NOT_FOUND', 404, 'ErrorClusterNotFound'],
  ['RESOURCE_NOT_FOUND', 404, 'ErrorTriggerNotFound'],
  ['TOKEN_NOT_FOUND', 404, 'ErrorTriggerNotFound'],
  ['ROUTE_NOT_FOUND', 404, 'InvalidAction.NotFound'],
  ['WORKLOAD_NOT_FOUND', 400, 'InvalidParameter'],
  ['APPLICATION_NOT_FOUND', 400, 'InvalidParameter'],
  ['NAME_TAKEN', 400, 'InvalidParameter'],
  ['FIELD_IMMUTABLE', 400, 'InvalidParameter'],
  ['DEPLOY_IN_PROGRESS', 409, 'OperationConflict'],
  ['KUBE_CONFLICT', 409, 'OperationConflict'],
  ['BODY_TOO_LARGE', 413, 'InvalidParameter'],
  ['UNSUPPORTED_MEDIA_TYPE', 415, 'InvalidParameter'],
  ['RATE_LIMITED', 429, 'Throttling'],
  ['KUBE_UPSTREAM', 502, 'ErrorUpstream'],
  ['DATABASE_UNAVAILABLE', 503, 'ServiceUnavailable'],
];

describe('renderAckError', () => {
  for (const [code, status, ackCode] of CASES) {
    test(`renders ${code} as ${status} ${ackCode}`, () => {
      const rendered = renderAckError(new AppError(code, `detail of ${code}`), request);
      assert.equal(rendered.status, status);
      assert.equal(rendered.contentType, 'application/json');
      assert.deepEqual(rendered.body, { code: ackCode, message: `detail of ${code}`, requestId: 'req-7' });
    });
  }

  test('renders INTERNAL as 500 InternalError without its detail', () => {
    const rendered = renderAckError(new AppError('INTERNAL', SECRET), request);
    assert.equal(rendered.status, 500);
    assert.deepEqual(rendered.body, {
      code: 'InternalError',
      message: 'An internal error occurred; the requestId identifies it in the server log.',
      requestId: 'req-7',
    });
  });

  test('the cases above cover every error kind', () => {
    const kinds = new Set([...CASES.map(([code]) => ERROR_CATALOG[code].kind), 'internal']);
    assert.deepEqual([...kinds].sort(), Object.values(ErrorKind).sort());
  });

  test('every catalog code renders a 4xx or 5xx with an ACK code and the request id', () => {
    for (const code of Object.keys(ERROR_CATALOG) as ErrorCode[]) {
      const { status, body } = renderAckError(new AppError(code, SECRET), request);
      const { code: ackCode, requestId } = body as { code: string; requestId: string };
      assert.ok(status >= 400 && status < 600, code);
      assert.match(ackCode, /^[A-Z][A-Za-z.]+$/, code);
      assert.equal(requestId, 'req-7', code);
    }
  });
});

describe('renderAckHookError', () => {
  test('answers a bad token exactly like an unknown trigger', () => {
    const forged = renderAckHookError(new AppError('TOKEN_INVALID', 'signature mismatch'), request);
    const unknown = renderAckHookError(new AppError('RESOURCE_NOT_FOUND', 'Trigger 12 does not exist.'), request);
    const expected = { code: '404', message: 'trigger not found', requestId: 'req-7' };
    assert.deepEqual(forged, { status: 404, contentType: 'application/json', body: expected });
    assert.deepEqual(unknown, forged);
  });

  test('puts the HTTP status as a string in code for other errors', () => {
    const rendered = renderAckHookError(new AppError('RATE_LIMITED', 'Slow down.'), request);
    assert.equal(rendered.status, 429);
    assert.deepEqual(rendered.body, { code: '429', message: 'Slow down.', requestId: 'req-7' });
  });

  test('hides the detail of internal errors', () => {
    const rendered = renderAckHookError(new AppError('INTERNAL', SECRET), request);
    assert.equal(rendered.status, 500);
    assert.doesNotMatch(JSON.stringify(rendered.body), /password/);
    assert.equal((rendered.body as { code: string }).code, '500');
  });
});
