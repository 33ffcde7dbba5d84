import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Loose } from './api-client.ts';
import { applyJsonPatch } from './json-patch.ts';
import { applyMergePatch } from './merge-patch.ts';
import { ApiError } from './status.ts';
import { strategicMerge } from './strategic-merge.ts';

const deployment = () => ({
  spec: { template: { metadata: { labels: { app: 'web' } }, spec: {
    containers: [
      { name: 'api', image: 'api:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], volumeMounts: [{ name: 'data', mountPath: '/data' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
      { name: 'sidecar', image: 'side:1' },
    ],
    initContainers: [{ name: 'migrate', image: 'mig:1' }],
    tolerations: [{ key: 'a' }],
  } } },
});

describe('strategic merge patch', () => {
  test('merges containers by name: only the named container changes, others stay', () => {
    const out = strategicMerge(deployment(), { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'side:2' }] } } } }) as ReturnType<typeof deployment>;
    assert.deepEqual(out.spec.template.spec.containers.map((c) => [c.name, c.image]), [['api', 'api:1'], ['sidecar', 'side:2']]);
    assert.equal(out.spec.template.spec.containers[0]?.env?.length, 2);
  });

  test('adds a container whose name is new, and merges initContainers by name too', () => {
    const out = strategicMerge(deployment(), { spec: { template: { spec: { containers: [{ name: 'new', image: 'n:1' }], initContainers: [{ name: 'migrate', image: 'mig:2' }] } } } }) as ReturnType<typeof deployment>;
    assert.deepEqual(out.spec.template.spec.containers.map((c) => c.name), ['api', 'sidecar', 'new']);
    assert.equal(out.spec.template.spec.initContainers[0]?.image, 'mig:2');
  });

  test('merges env by name, volumeMounts by mountPath and ports by containerPort', () => {
    const out = strategicMerge(deployment(), { spec: { template: { spec: { containers: [{
      name: 'api', env: [{ name: 'B', value: 'x' }, { name: 'C', value: '3' }], volumeMounts: [{ name: 'other', mountPath: '/data' }], ports: [{ containerPort: 80, name: 'http' }],
    }] } } } }) as ReturnType<typeof deployment>;
    const api = out.spec.template.spec.containers[0];
    assert.deepEqual(api?.env, [{ name: 'A', value: '1' }, { name: 'B', value: 'x' }, { name: 'C', value: '3' }]);
    assert.deepEqual(api?.volumeMounts, [{ name: 'other', mountPath: '/data' }]);
    assert.deepEqual(api?.ports, [{ containerPort: 80, protocol: 'TCP', name: 'http' }]);
  });

  test('$patch: delete removes a list element by merge key; $patch: replace replaces the list', () => {
    const del = strategicMerge(deployment(), { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } }) as ReturnType<typeof deployment>;
    assert.deepEqual(del.spec.template.spec.containers.map((c) => c.name), ['api']);
    const rep = strategicMerge(deployment(), { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'o:1' }] } } } }) as ReturnType<typeof deployment>;
    assert.deepEqual(rep.spec.template.spec.containers, [{ name: 'only', image: 'o:1' }]);
  });

  test('$patch: replace on a map replaces it; null deletes a key; lists without a merge key are replaced', () => {
    const out = strategicMerge(deployment(), { spec: { template: { metadata: { labels: { $patch: 'replace', tier: 'fe' } }, spec: { tolerations: [{ key: 'b' }], initContainers: null } } } }) as Loose;
    assert.deepEqual(out.spec.template.metadata.labels, { tier: 'fe' });
    assert.deepEqual(out.spec.template.spec.tolerations, [{ key: 'b' }]);
    assert.equal('initContainers' in out.spec.template.spec, false);
  });

  test('$setElementOrder reorders and $deleteFromPrimitiveList removes finalizers', () => {
    const out = strategicMerge({ metadata: { finalizers: ['a', 'b'] }, spec: deployment().spec }, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'api' }], containers: [{ name: 'api', image: 'api:2' }] } } },
    }) as Loose;
    assert.deepEqual(out.metadata.finalizers, ['b']);
    assert.deepEqual(out.spec.template.spec.containers.map((c: { name: string }) => c.name), ['sidecar', 'api']);
  });

  test('a list element without its merge key is a 400', () => {
    assert.throws(() => strategicMerge(deployment(), { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }), (e: unknown) => e instanceof ApiError && e.status.code === 400);
  });
});

describe('JSON patch (RFC 6902)', () => {
  test('add, replace, remove, move, copy and test', () => {
    const out = applyJsonPatch({ a: 1, list: [1, 2], o: { x: 'y' } }, [
      { op: 'add', path: '/list/-', value: 3 }, { op: 'replace', path: '/a', value: 2 }, { op: 'remove', path: '/list/0' },
      { op: 'copy', from: '/o', path: '/p' }, { op: 'move', from: '/o/x', path: '/moved' }, { op: 'test', path: '/a', value: 2 },
      { op: 'add', path: '/a~1b', value: true },
    ]);
    assert.deepEqual(out, { a: 2, list: [2, 3], o: {}, p: { x: 'y' }, moved: 'y', 'a/b': true });
  });

  test('a failing test op or a missing path is 422; a malformed patch is 400', () => {
    assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]), (e: unknown) => e instanceof ApiError && e.status.code === 422);
    assert.throws(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b/c', value: 2 }]), (e: unknown) => e instanceof ApiError && e.status.code === 422);
    assert.throws(() => applyJsonPatch({ a: 1 }, { op: 'add' }), (e: unknown) => e instanceof ApiError && e.status.code === 400);
  });
});

describe('JSON merge patch (RFC 7386)', () => {
  test('merges maps, deletes on null, replaces lists', () => {
    assert.deepEqual(applyMergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { c: null, d: 3 }, l: [9] }), { a: { b: 1, d: 3 }, l: [9] });
  });
});
