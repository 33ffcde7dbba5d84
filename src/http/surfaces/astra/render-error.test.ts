import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { AppError, ERROR_CATALOG, ErrorKind, type ErrorCode, type FieldError } from '../../../domain/errors.ts';
import { fieldName, renderAstraError } from './render-error.ts';

const HOOKS = '/accounts/a1/core/v1/executionHooks';
const req = (method: string, url = HOOKS): FastifyRequest => ({ id: 'corr-1', url, method }) as FastifyRequest;
const SECRET = 'pg: password authentication failed for user capstan';
const astra = (n: number, status: string, title: string, detail: string) =>
  ({ type: `https://astra.netapp.io/problems/${n}`, title, detail, status, correlationID: 'corr-1' });
const own = (slug: string, status: string, title: string, detail: string) =>
  ({ type: `https://capstan.dev/problems/${slug}`, title, detail, status, correlationID: 'corr-1' });

interface Case {
  readonly name: string;
  readonly error: AppError;
  readonly method?: string;
  readonly status: number;
  readonly body: object;
}

const q = (pointer: string, detail: string): FieldError => ({ pointer, detail });

const CASES: readonly Case[] = [
  {
    name: 'a bad query parameter as problems/5 with invalidParams',
    error: new AppError('VALIDATION_FAILED', 'bad', { errors: [q('/query/limit', 'must match pattern "^[1-9][0-9]*$"')] }),
    method: 'GET',
    status: 400,
    body: { ...astra(5, '400', 'Invalid query parameters', 'The supplied query parameters are invalid.'),
      invalidParams: [{ name: 'limit', reason: 'must match pattern "^[1-9][0-9]*$"' }] },
  },
  {
    name: 'a schema failure in the body as problems/8 with schemaValidationFailure',
    error: new AppError('VALIDATION_FAILED', 'bad', { errors: [q('/body/stage', 'must be one of: pre, post'), q('/body/name', 'is required')] }),
    status: 400,
    body: { ...astra(8, '400', 'Invalid JSON resource', "The request body JSON doesn't conform to the schema."),
      schemaValidationFailure: 'stage: must be one of: pre, post; name: is required' },
  },
  {
    name: 'a body that is not JSON as problems/7',
    error: new AppError('MALFORMED_BODY', 'The request body is not valid JSON.', { errors: [q('/body', 'is not valid JSON')] }),
    status: 400,
    body: astra(7, '400', 'Invalid JSON payload', 'The request body is not valid JSON.'),
  },
  {
    name: 'a rule violation as problems/9 with invalidFields named by path',
    error: new AppError('CONDITION_REGEX_INVALID', 'bad', { errors: [q('/body/matchingCriteria/1/value', 'missing closing )')] }),
    status: 400,
    body: { ...astra(9, '400', 'Invalid JSON resource', "The request body JSON didn't pass extended validation."),
      invalidFields: [{ name: 'matchingCriteria[1].value', reason: 'missing closing )' }] },
  },
  {
    name: 'a duplicate name without a pointer as problems/9 naming the name field',
    error: new AppError('NAME_TAKEN', 'An execution hook named Payroll exists.'),
    status: 400,
    body: { ...astra(9, '400', 'Invalid JSON resource', "The request body JSON didn't pass extended validation."),
      invalidFields: [{ name: 'name', reason: 'An execution hook named Payroll exists.' }] },
  },
  {
    name: 'a changed immutable field as 409 problems/10',
    error: new AppError('FIELD_IMMUTABLE', 'hookType cannot change.', { errors: [q('/body/hookType', 'cannot change from custom')] }),
    method: 'PUT',
    status: 409,
    body: { ...astra(10, '409', 'JSON resource conflict', 'The request body JSON contains a field that conflicts with an idempotent value.'),
      invalidFields: [{ name: 'hookType', reason: 'cannot change from custom' }] },
  },
  {
    name: 'a missing token as problems/3',
    error: new AppError('TOKEN_MISSING', 'Authentication required.'),
    status: 401,
    body: astra(3, '401', 'Missing bearer token', 'The request is missing the required bearer token.'),
  },
  {
    name: 'an invalid token as problems/4',
    error: new AppError('TOKEN_INVALID', 'revoked'),
    status: 401,
    body: astra(4, '401', 'Invalid bearer token', "The bearer token provided is invalid, revoked, or doesn't exist."),
  },
  {
    name: 'a role refusal as problems/11',
    error: new AppError('ROLE_FORBIDS_ACTION', 'viewer'),
    status: 403,
    body: astra(11, '403', 'Operation not permitted', "The requested operation isn't permitted."),
  },
  {
    name: 'a read-only resource as problems/71',
    error: new AppError('READ_ONLY_RESOURCE', 'preloaded'),
    method: 'DELETE',
    status: 403,
    body: astra(71, '403', 'Preloaded hook sources read only', 'Hook source resources with a preloaded value of true are read only.'),
  },
  {
    name: 'a referenced resource as problems/72',
    error: new AppError('RESOURCE_IN_USE', 'used by 2 hooks'),
    method: 'DELETE',
    status: 403,
    body: astra(72, '403', 'Hook source referenced by execution hook',
      "The hook source resource wasn't deleted because it is referenced by an execution hook resource."),
  },
  {
    name: 'an unsupported query parameter as problems/6 with invalidParams',
    error: new AppError('QUERY_PARAM_UNSUPPORTED', 'orderBy', { errors: [q('/query/orderBy', 'is not supported here')] }),
    method: 'GET',
    status: 400,
    body: { ...astra(6, '400', 'Query parameters not supported', "The supplied query parameters aren't supported for this endpoint."),
      invalidParams: [{ name: 'orderBy', reason: 'is not supported here' }] },
  },
  {
    name: 'a NetApp-provided hook as problems/73',
    error: new AppError('NETAPP_HOOK_READ_ONLY', 'netapp'),
    method: 'PUT',
    status: 403,
    body: astra(73, '403', 'NetApp execution hooks read only', 'Execution hook resources with a hookType of NetApp are read only.'),
  },
  {
    name: 'a failover hook as 409 problems/162',
    error: new AppError('HOOK_ACTION_UNSUPPORTED', 'no replication'),
    status: 409,
    body: astra(162, '409', 'Post-failover execution hooks not supported', "The application isn't eligible for post-failover execution hooks."),
  },
  {
    name: 'switched-off hooks as problems/168',
    error: new AppError('HOOKS_DISABLED', 'off'),
    method: 'GET',
    status: 403,
    body: astra(168, '403', 'Execution hook action not permitted', 'Execution hooks are not enabled in feature settings.'),
  },
  {
    name: 'a missing item on GET as problems/2',
    error: new AppError('RESOURCE_NOT_FOUND', 'gone'),
    method: 'GET',
    status: 404,
    body: astra(2, '404', 'Collection not found', "The collection specified in the request URI wasn't found."),
  },
  {
    name: 'a missing item on PUT as problems/1',
    error: new AppError('RESOURCE_NOT_FOUND', 'gone'),
    method: 'PUT',
    status: 404,
    body: astra(1, '404', 'Resource not found', "The resource specified in the request URI wasn't found."),
  },
  {
    name: 'a missing item on DELETE as problems/1',
    error: new AppError('APPLICATION_NOT_FOUND', 'gone'),
    method: 'DELETE',
    status: 404,
    body: astra(1, '404', 'Resource not found', "The resource specified in the request URI wasn't found."),
  },
  {
    name: 'an unknown id named in the body as problems/9',
    error: new AppError('APPLICATION_NOT_FOUND', 'Application x does not exist.', { errors: [q('/body/appID', 'does not exist')] }),
    status: 400,
    body: { ...astra(9, '400', 'Invalid JSON resource', "The request body JSON didn't pass extended validation."),
      invalidFields: [{ name: 'appID', reason: 'does not exist' }] },
  },
  {
    name: 'a busy conflict with Capstan\'s own problem type',
    error: new AppError('DEPLOY_IN_PROGRESS', 'A deploy of web is running.'),
    status: 409,
    body: own('deploy-in-progress', '409', 'A deploy is already running', 'A deploy of web is running.'),
  },
  {
    name: 'a body too large with Capstan\'s own problem type',
    error: new AppError('BODY_TOO_LARGE', 'Over 1 MiB.'),
    status: 413,
    body: own('body-too-large', '413', 'Request body is too large', 'Over 1 MiB.'),
  },
  {
    name: 'an unsupported media type with Capstan\'s own problem type',
    error: new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send JSON.'),
    status: 415,
    body: own('unsupported-media-type', '415', 'Content type is not supported', 'Send JSON.'),
  },
  {
    name: 'rate limiting with Capstan\'s own problem type',
    error: new AppError('RATE_LIMITED', 'Slow down.', { retryAfterS: 3 }),
    status: 429,
    body: own('rate-limited', '429', 'Too many requests', 'Slow down.'),
  },
  {
    name: 'an upstream failure with Capstan\'s own problem type',
    error: new AppError('KUBE_UPSTREAM', 'The API server answered 500.'),
    status: 502,
    body: own('kube-upstream', '502', 'Kubernetes API server returned an error', 'The API server answered 500.'),
  },
  {
    name: 'an unavailable dependency with Capstan\'s own problem type',
    error: new AppError('DATABASE_UNAVAILABLE', 'Database is unavailable.'),
    status: 503,
    body: own('database-unavailable', '503', 'Database is unavailable', 'Database is unavailable.'),
  },
  {
    name: 'an internal error without its detail',
    error: new AppError('INTERNAL', SECRET),
    status: 500,
    body: own('internal', '500', 'Internal error', 'An internal error occurred; the correlationID identifies it in the server log.'),
  },
];

describe('renderAstraError', () => {
  for (const c of CASES) {
    test(`renders ${c.name}`, () => {
      const rendered = renderAstraError(c.error, req(c.method ?? 'POST'));
      assert.equal(rendered.status, c.status);
      assert.equal(rendered.contentType, 'application/problem+json');
      assert.deepEqual(rendered.body, c.body);
    });
  }

  test('the cases above cover every error kind', () => {
    const kinds = new Set(CASES.map((c) => c.error.kind));
    assert.deepEqual([...kinds].sort(), Object.values(ErrorKind).sort());
  });

  test('every catalog code gets a string status equal to the HTTP status and the correlation id', () => {
    for (const code of Object.keys(ERROR_CATALOG) as ErrorCode[]) {
      for (const method of ['GET', 'PUT']) {
        const { status, body } = renderAstraError(new AppError(code, 'x'), req(method));
        const problem = body as { status: unknown; correlationID: string; type: string };
        assert.equal(problem.status, String(status), code);
        assert.equal(problem.correlationID, 'corr-1', code);
        assert.match(problem.type, /^https:\/\//, code);
      }
    }
  });
});

describe('fieldName', () => {
  test('drops the request part and joins the rest with dots and indices', () => {
    assert.equal(fieldName('/query/limit'), 'limit');
    assert.equal(fieldName('/body/metadata/labels/0/name'), 'metadata.labels[0].name');
    assert.equal(fieldName('/body/a~1b/c~0d'), 'a/b.c~d');
    assert.equal(fieldName('/body'), '');
  });
});
