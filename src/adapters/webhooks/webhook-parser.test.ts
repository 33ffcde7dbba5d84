import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJsonBody, header, mediaTypeOf, verifyAndParse } from '../../app/ports/webhook-parser.ts';
import { AppError } from '../../domain/errors.ts';
import { distribution } from './distribution.ts';

const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

test('header lookup ignores case and takes the first of repeated values', () => {
  assert.equal(header({ 'X-GitHub-Event': 'package' }, 'x-github-event'), 'package');
  assert.equal(header({ 'x-a': ['1', '2'] }, 'X-A'), '1');
  assert.equal(header({ 'x-a': '' }, 'x-a'), null);
  assert.equal(header({}, 'x-a'), null);
});

test('the media type drops parameters and case', () => {
  assert.equal(mediaTypeOf({ 'Content-Type': 'Application/CloudEvents+JSON; charset=utf-8' }), 'application/cloudevents+json');
});

test('a body that is not JSON is MALFORMED_BODY', () => {
  assert.throws(() => decodeJsonBody(Buffer.from('{"events": [')), isCode('MALFORMED_BODY'));
});

const envelope = JSON.stringify({ events: [] });
const headers = { 'content-type': 'application/vnd.docker.distribution.events.v1+json', authorization: 'Bearer t0ken' };

test('verifyAndParse authenticates before it looks at the media type or the body', () => {
  const input = { headers: { ...headers, 'content-type': 'text/plain' }, rawBody: Buffer.from('not json'), secret: 'other', now: 0 };
  assert.throws(() => verifyAndParse(distribution, input), isCode('TOKEN_INVALID'));
});

test('verifyAndParse refuses a media type the sender does not deliver with 415', () => {
  const input = { headers: { ...headers, 'content-type': 'text/plain' }, rawBody: Buffer.from(envelope), secret: 't0ken', now: 0 };
  assert.throws(() => verifyAndParse(distribution, input), (e) => isCode('UNSUPPORTED_MEDIA_TYPE')(e) && (e as AppError).status === 415);
});

test('verifyAndParse returns the parse result of an authenticated delivery', () => {
  const result = verifyAndParse(distribution, { headers, rawBody: Buffer.from(envelope), secret: 't0ken', now: 0 });
  assert.equal(result.kind, 'ignored');
});
