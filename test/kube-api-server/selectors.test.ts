import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelsMatchSelector, matchesRequirements, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import { ApiError } from './status.ts';

const matches = (selector: string, labels: Record<string, string>) => matchesRequirements(labels, parseLabelSelector(selector));

describe('label selectors', () => {
  test('equality, inequality, set-based, exists and not-exists combine with AND', () => {
    const sel = 'a=b,c!=d,e in (x,y),!f,g';
    assert.equal(matches(sel, { a: 'b', e: 'x', g: '' }), true);
    assert.equal(matches(sel, { a: 'b', c: 'e', e: 'y', g: '1' }), true);
    assert.equal(matches(sel, { a: 'b', c: 'd', e: 'x', g: '1' }), false, 'c!=d');
    assert.equal(matches(sel, { a: 'b', e: 'z', g: '1' }), false, 'e in (x,y)');
    assert.equal(matches(sel, { a: 'b', e: 'x', f: '1', g: '1' }), false, '!f');
    assert.equal(matches(sel, { a: 'b', e: 'x' }), false, 'g exists');
  });

  test('notin and != match objects without the label, like labels.Requirement.Matches', () => {
    assert.equal(matches('tier notin (db)', {}), true);
    assert.equal(matches('tier!=db', {}), true);
    assert.equal(matches('tier in (db)', {}), false);
  });

  test('== is accepted and qualified keys parse', () => {
    assert.equal(matches('app.kubernetes.io/name==web', { 'app.kubernetes.io/name': 'web' }), true);
  });

  test('the empty selector matches everything', () => {
    assert.equal(matches('', { any: 'thing' }), true);
  });

  test('bad syntax is a 400 BadRequest Status', () => {
    assert.throws(() => parseLabelSelector('a=b,,c'), (e: unknown) => e instanceof ApiError && e.status.code === 400 && e.status.reason === 'BadRequest');
    assert.throws(() => parseLabelSelector('a in x'), ApiError);
  });

  test('metav1.LabelSelector with matchExpressions', () => {
    const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    assert.equal(labelsMatchSelector({ app: 'web', tier: 'fe' }, selector), true);
    assert.equal(labelsMatchSelector({ app: 'web', tier: 'fe', canary: '1' }, selector), false);
  });
});

describe('field selectors', () => {
  test('match dotted paths with = and !=', () => {
    const pod = { metadata: { name: 'p1' }, status: { phase: 'Running' } };
    assert.equal(parseFieldSelector('metadata.name=p1,status.phase!=Pending')(pod), true);
    assert.equal(parseFieldSelector('status.phase=Pending')(pod), false);
  });
});
