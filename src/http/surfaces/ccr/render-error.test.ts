import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOG, ErrorKind, type ErrorCode } from '../../../domain/errors.ts';
import { renderCcrError } from './render-error.ts';

const request = { id: 'req-9', url: '/v2/index.php?Action=ListTriggerLog', method: 'GET' } as FastifyRequest;
const SECRET = 'pg: password authentication failed for user capstan';

// [catalog code, 2.0 code, codeDesc]
const CASES: readonly [ErrorCode, number, string][] = [
  ['VALIDATION_FAILED', 4000, 'InvalidParameter'],
  ['CONDITION_REGEX_INVALID', 4000, 'InvalidParameter'],
  ['TOKEN_MISSING', 4100, 'AuthFailure'],
  ['TOKEN_INVALID', 4104, 'AuthFailure.SecretIdNotFound'],
  ['SIGNATURE_INVALID', 4100, 'AuthFailure.SignatureFailure'],
  ['SIGNATURE_EXPIRED', 4500, 'AuthFailure.SignatureExpire'],
  ['SIGNATURE_REPLAYED', 4500, 'AuthFailure.SignatureExpire'],
  ['ROLE_FORBIDS_ACTION', 4101, 'UnauthorizedOperation'],
  ['READ_ONLY_RESOURCE', 4300, 'OperationDenied'],
  ['PIPELINE_ONLY', 4300, 'OperationDenied'],
  ['RESOURCE_IN_USE', 5100, 'ResourceInUse'],
  ['RESOURCE_NOT_FOUND', 5000, 'ResourceNotFound.ErrNoTrigger'],
  ['ACCOUNT_NOT_FOUND', 5000, 'ResourceNotFound.ErrNoUser'],
  ['CLUSTER_NOT_FOUND', 5000, 'ResourceNotFound'],
  ['ROUTE_NOT_FOUND', 4000, 'InvalidAction'],
  ['NAME_TAKEN', 4000, 'InvalidParameter.ErrTriggerExist'],
  ['PARAM_MISSING', 4000, 'MissingParameter'],
  ['PARAM_UNKNOWN', 4000, 'UnknownParameter'],
  ['FIELD_IMMUTABLE', 4000, 'InvalidParameter'],
  ['DEPLOY_IN_PROGRESS', 5100, 'FailedOperation'],
  ['BODY_TOO_LARGE', 4000, 'RequestSizeLimitExceeded'],
  ['UNSUPPORTED_MEDIA_TYPE', 4000, 'InvalidRequest'],
  ['RATE_LIMITED', 4400, 'RequestLimitExceeded'],
  ['REGISTRY_UPSTREAM', 5100, 'FailedOperation'],
  ['SHUTTING_DOWN', 6200, 'ResourceUnavailable'],
];

for (const [code, tencentCode, codeDesc] of CASES) {
  test(`renders ${code} as ${tencentCode} / ${codeDesc} with HTTP 200`, () => {
    const rendered = renderCcrError(new AppError(code, `detail of ${code}`), request);
    assert.equal(rendered.status, 200);
    assert.equal(rendered.contentType, 'application/json');
    assert.deepEqual(rendered.body, { code: tencentCode, codeDesc, message: `detail of ${code}` });
  });
}

test('renders INTERNAL as 6000 / InternalError naming the request id instead of the detail', () => {
  const rendered = renderCcrError(new AppError('INTERNAL', SECRET), request);
  assert.equal(rendered.status, 200);
  assert.deepEqual(rendered.body, {
    code: 6000,
    codeDesc: 'InternalError',
    message: 'An internal error occurred; request id req-9.',
  });
});

test('the cases above cover every error kind', () => {
  const kinds = new Set([...CASES.map(([code]) => ERROR_CATALOG[code].kind), 'internal']);
  assert.deepEqual([...kinds].sort(), Object.values(ErrorKind).sort());
});

test('every catalog code answers HTTP 200 with a non-zero integer code', () => {
  for (const code of Object.keys(ERROR_CATALOG) as ErrorCode[]) {
    const { status, body } = renderCcrError(new AppError(code, 'x'), request);
    const { code: tencentCode } = body as { code: number };
    assert.equal(status, 200, code);
    assert.ok(Number.isInteger(tencentCode) && tencentCode >= 4000, code);
  }
});
