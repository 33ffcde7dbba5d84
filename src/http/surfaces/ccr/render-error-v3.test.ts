import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOG, ErrorKind, type ErrorCode } from '../../../domain/errors.ts';
import { renderCcrError } from './render-error.ts';
import { renderCcrErrorV3 } from './render-error-v3.ts';

const request = { id: 'req-3', url: '/', method: 'POST' } as FastifyRequest;
const SECRET = 'pg: password authentication failed for user capstan';

// [catalog code, Error.Code]
const CASES: readonly [ErrorCode, string][] = [
  ['VALIDATION_FAILED', 'InvalidParameter'],
  ['TOKEN_MISSING', 'AuthFailure'],
  ['SIGNATURE_EXPIRED', 'AuthFailure.SignatureExpire'],
  ['SIGNATURE_REPLAYED', 'AuthFailure.SignatureExpire'],
  ['ROLE_FORBIDS_ACTION', 'UnauthorizedOperation'],
  ['READ_ONLY_RESOURCE', 'OperationDenied'],
  ['RESOURCE_IN_USE', 'ResourceInUse'],
  ['RESOURCE_NOT_FOUND', 'ResourceNotFound.ErrNoTrigger'],
  ['WORKLOAD_NOT_FOUND', 'ResourceNotFound'],
  ['ROUTE_NOT_FOUND', 'InvalidAction'],
  ['NAME_TAKEN', 'InvalidParameter.ErrTriggerExist'],
  ['PARAM_MISSING', 'MissingParameter'],
  ['PARAM_UNKNOWN', 'UnknownParameter'],
  ['DEPLOY_IN_PROGRESS', 'FailedOperation'],
  ['BODY_TOO_LARGE', 'RequestSizeLimitExceeded'],
  ['UNSUPPORTED_MEDIA_TYPE', 'InvalidRequest'],
  ['RATE_LIMITED', 'RequestLimitExceeded'],
  ['KUBE_FORBIDDEN', 'FailedOperation'],
  ['KUBE_UNAVAILABLE', 'ResourceUnavailable'],
];

for (const [code, tencentCode] of CASES) {
  test(`renders ${code} as Error.Code ${tencentCode} with HTTP 200`, () => {
    const rendered = renderCcrErrorV3(new AppError(code, `detail of ${code}`), request);
    assert.equal(rendered.status, 200);
    assert.equal(rendered.contentType, 'application/json');
    assert.deepEqual(rendered.body, {
      Response: { Error: { Code: tencentCode, Message: `detail of ${code}` }, RequestId: 'req-3' },
    });
  });
}

test('renders INTERNAL as InternalError without its detail', () => {
  const rendered = renderCcrErrorV3(new AppError('INTERNAL', SECRET), request);
  assert.deepEqual(rendered.body, {
    Response: {
      Error: { Code: 'InternalError', Message: 'An internal error occurred; the RequestId identifies it in the server log.' },
      RequestId: 'req-3',
    },
  });
});

test('the cases above cover every error kind', () => {
  const kinds = new Set([...CASES.map(([code]) => ERROR_CATALOG[code].kind), 'internal']);
  assert.deepEqual([...kinds].sort(), Object.values(ErrorKind).sort());
});

test('Error.Code equals the 2.0 codeDesc for every catalog code', () => {
  for (const code of Object.keys(ERROR_CATALOG) as ErrorCode[]) {
    const v2 = renderCcrError(new AppError(code, 'x'), request).body as { codeDesc: string };
    const v3 = renderCcrErrorV3(new AppError(code, 'x'), request).body as { Response: { Error: { Code: string } } };
    assert.equal(v3.Response.Error.Code, v2.codeDesc, code);
  }
});
