import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLabelSelector, matchesLabelSelector } from './label-selector.ts';

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

test('matches label sets as Kubernetes does: all requirements, != and notin hold for absent labels', () => {
  const labels = { 'app.kubernetes.io/instance': 'shop', tier: 'web', empty: '' };
  const matches = (selector: string) => matchesLabelSelector(selector, labels);
  for (const s of ['', 'app.kubernetes.io/instance=shop', 'tier==web', 'tier!=db', 'missing!=x', 'tier in (api, web)',
    'tier notin (db)', 'missing notin (x)', 'tier', '!missing', 'empty=', 'empty in (,x)', 'app.kubernetes.io/instance=shop, tier in (web),!canary']) {
    assert.equal(matches(s), true, s);
  }
  for (const s of ['app.kubernetes.io/instance=billing', 'tier!=web', 'tier in (api,db)', 'missing in (x)', 'tier notin (web)',
    'missing', '!tier', 'empty=x', 'tier=web,missing', 'tier in(web)x', 'app in prod']) {
    assert.equal(matches(s), false, s);
  }
  assert.equal(matchesLabelSelector('tier=web', {}), false);
});
