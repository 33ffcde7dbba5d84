import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTriggerName, parseAckId, parseProjectId, projectIdOf } from './trigger.ts';

test('parseProjectId splits namespace/name and checks both like Kubernetes does', () => {
  assert.deepEqual(parseProjectId('default/test-app', '/body/project_id'), { namespace: 'default', name: 'test-app' });
  assert.deepEqual(parseProjectId('shop/api.v2', '/p'), { namespace: 'shop', name: 'api.v2' });
  assert.deepEqual(parseProjectId(`a/${'n'.repeat(253)}`, '/p'), { namespace: 'a', name: 'n'.repeat(253) });
  for (const bad of ['test-app', 'a/b/c', '/x', 'x/', 'Default/x', 'x/App', 'x/-a', '-x/a', `${'n'.repeat(64)}/a`, `a/${'n'.repeat(254)}`, 'a.b/c', 'a/b_c', 'a/b..c', '']) {
    const result = parseProjectId(bad, '/body/project_id');
    assert.ok('pointer' in result, `${bad} must be refused`);
    assert.equal(result.pointer, '/body/project_id');
  }
});

test('ACK ids: decimal without sign or leading zero, within safe integers', () => {
  assert.equal(parseAckId('102536'), 102536);
  for (const bad of ['0', '01', '-1', '1.5', 'abc', '', '1e3', '99999999999999999']) assert.equal(parseAckId(bad), null, bad);
});

test('names and project ids', () => {
  assert.equal(defaultTriggerName('test-app', 'redeploy', 7), 'test-app-redeploy-7');
  assert.equal(projectIdOf({ namespace: 'default', targetName: 'web' }), 'default/web');
});
