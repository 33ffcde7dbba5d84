import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLabelSelector } from './label-selector.ts';

test('accepts the selector forms kubectl accepts', () => {
  for (const s of ['', 'app=web', 'app==web', 'tier!=db', 'env in (prod, staging)', 'env notin (dev)', 'canary',
    '!canary', 'app.kubernetes.io/instance=shop,tier in (a,b),!x', 'empty=']) {
    assert.equal(checkLabelSelector(s), null, s);
  }
});

test('refuses malformed selectors with the failing part named', () => {
  assert.match(checkLabelSelector('app=web,=x') ?? '', /"=x"/);
  assert.notEqual(checkLabelSelector('app in prod'), null);
  assert.notEqual(checkLabelSelector('app=we b'), null);
  assert.notEqual(checkLabelSelector('-bad=x'), null);
});
