import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.ts';
import { compileCondition, tagListOf, type TagCondition } from './image-trigger-condition.ts';

const matches = (condition: TagCondition, tag: string): boolean => compileCondition(condition).matches(tag);

function refused(condition: TagCondition, code: AppError['code'], detailPart: RegExp): void {
  assert.throws(() => compileCondition(condition, '/body/invokeExpr'), (e: unknown) => {
    assert.ok(e instanceof AppError);
    assert.equal(e.code, code);
    assert.equal(e.errors[0]?.pointer, '/body/invokeExpr');
    assert.match(e.detail, detailPart);
    return true;
  });
}

test('all matches every tag and takes no expression', () => {
  for (const tag of ['v1', 'latest', 'a', 'x'.repeat(128)]) assert.equal(matches({ method: 'all', expr: '' }, tag), true);
  assert.equal(matches({ method: 'all', expr: '  ' }, 'v1'), true);
  refused({ method: 'all', expr: 'v1' }, 'VALIDATION_FAILED', /must be empty when the method is "all"/);
});

test('taglist is an exact match on ;-separated, trimmed items', () => {
  const list = { method: 'taglist', expr: 'v1; v2 ;;release-1.0' } as const;
  assert.deepEqual(tagListOf(list.expr), ['v1', 'v2', 'release-1.0']);
  for (const tag of ['v1', 'v2', 'release-1.0']) assert.equal(matches(list, tag), true, tag);
  for (const tag of ['v', 'v10', 'V1', ' v1', 'release-1', 'v1;v2', '']) assert.equal(matches(list, tag), false, tag);
});

test('an empty tag list or a list item that is not a tag is refused with a clear message', () => {
  for (const expr of ['', ' ', ';', ' ; ;']) refused({ method: 'taglist', expr }, 'VALIDATION_FAILED', /at least one tag/);
  refused({ method: 'taglist', expr: 'v1;has space;-x' }, 'VALIDATION_FAILED', /"has space", "-x", which are not valid image tags/);
});

test('regex is an unanchored RE2 search, so anchors are the user\'s', () => {
  const contains = { method: 'regex', expr: 'test*' } as const;
  assert.equal(matches(contains, 'latest'), true);
  assert.equal(matches(contains, 'tes'), true, 'test* = "tes" followed by any number of t');
  assert.equal(matches(contains, 'prod'), false);
  const anchored = { method: 'regex', expr: '^release-[0-9]+$' } as const;
  assert.equal(matches(anchored, 'release-12'), true);
  assert.equal(matches(anchored, 'pre-release-12'), false);
  assert.equal(matches(anchored, 'release-12-rc'), false);
});

test('RE2 refuses what it cannot run in linear time, and the error says why', () => {
  refused({ method: 'regex', expr: '(a' }, 'CONDITION_REGEX_INVALID', /missing closing \)/);
  refused({ method: 'regex', expr: 'v(?=1)' }, 'CONDITION_REGEX_INVALID', /not a valid RE2 expression.*\(\?=/);
  refused({ method: 'regex', expr: '(a)\\1' }, 'CONDITION_REGEX_INVALID', /invalid escape sequence/);
  refused({ method: 'regex', expr: '' }, 'VALIDATION_FAILED', /must be a regular expression/);
});

test('a pattern that backtracks catastrophically in RegExp runs in linear time here', () => {
  const evil = compileCondition({ method: 'regex', expr: '^(a+)+$' });
  assert.equal(evil.matches(`${'a'.repeat(128)}!`), false);
  assert.equal(evil.matches('a'.repeat(128)), true);
});

test('expressions are bounded in length', () => {
  refused({ method: 'regex', expr: 'a'.repeat(1025) }, 'VALIDATION_FAILED', /at most 1024 characters/);
  assert.equal(matches({ method: 'regex', expr: 'a'.repeat(1024) }, 'a'.repeat(128)), false);
});
