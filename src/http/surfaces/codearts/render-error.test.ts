import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOG, ErrorKind, type ErrorCode } from '../../../domain/errors.ts';
import { renderCodeArtsError } from './render-error.ts';

const request = { id: 'req-5', url: '/v2/tasks/d2dc947ec2424d8789bb3984bb3adf45/start', method: 'POST' } as FastifyRequest;
const SECRET = 'pg: password authentication failed for user capstan';

// [catalog code, HTTP status, error.code]
const CASES: readonly [ErrorCode, number, string][] = [
  ['VALIDATION_FAILED', 400, 'DEV.CH.10001'],
  ['PARAM_INVALID', 400, 'DEV.CH.10001'],
  ['TOKEN_MISSING', 401, 'APIGW.0301'],
  ['TOKEN_INVALID', 401, 'APIGW.0301'],
  ['ROLE_FORBIDS_ACTION', 403, 'Deploy.00011154'],
  ['PIPELINE_ONLY', 403, 'Deploy.00011154'],
  ['RESOURCE_NOT_FOUND', 404, 'Deploy.00011020'],
  ['JOB_NOT_FOUND', 404, 'Deploy.00011020'],
  ['ROUTE_NOT_FOUND', 404, 'APIGW.0101'],
  ['DEPLOY_IN_PROGRESS', 400, 'Deploy.00011027'],
  ['TASK_DRAFT', 400, 'Deploy.00011042'],
  ['RECORD_FINISHED', 400, 'DEV.CH.10001'],
  ['RECORD_NOT_ROLLBACKABLE', 400, 'DEV.CH.10001'],
  ['WORKLOAD_PAUSED', 400, 'Deploy.00011027'],
  ['NAME_TAKEN', 400, 'Deploy.00011001'],
  ['FIELD_IMMUTABLE', 400, 'DEV.CH.10001'],
  ['BODY_TOO_LARGE', 413, 'APIGW.0201'],
  ['UNSUPPORTED_MEDIA_TYPE', 400, 'DEV.CH.10001'],
  ['RATE_LIMITED', 429, 'APIGW.0308'],
  ['KUBE_UPSTREAM', 502, 'APIGW.0201'],
  ['DATABASE_UNAVAILABLE', 503, 'APIGW.0201'],
];

for (const [code, status, huaweiCode] of CASES) {
  test(`renders ${code} as ${status} ${huaweiCode}`, () => {
    const rendered = renderCodeArtsError(new AppError(code, `detail of ${code}`), request);
    assert.equal(rendered.status, status);
    assert.equal(rendered.contentType, 'application/json');
    assert.deepEqual(rendered.body, { error: { code: huaweiCode, message: `detail of ${code}` }, status: 'failed' });
  });
}

test('renders INTERNAL as 500 naming the request id instead of the detail', () => {
  const rendered = renderCodeArtsError(new AppError('INTERNAL', SECRET), request);
  assert.equal(rendered.status, 500);
  assert.deepEqual(rendered.body, {
    error: { code: 'APIGW.0201', message: 'An internal error occurred; request id req-5.' },
    status: 'failed',
  });
});

test('the cases above cover every error kind', () => {
  const kinds = new Set([...CASES.map(([code]) => ERROR_CATALOG[code].kind), 'internal']);
  assert.deepEqual([...kinds].sort(), Object.values(ErrorKind).sort());
});

test('every catalog code renders status "failed" and a 4xx or 5xx', () => {
  for (const code of Object.keys(ERROR_CATALOG) as ErrorCode[]) {
    const rendered = renderCodeArtsError(new AppError(code, 'x'), request);
    assert.ok(rendered.status >= 400 && rendered.status < 600, code);
    assert.equal((rendered.body as { status: string }).status, 'failed', code);
  }
});
