import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskParamDef } from './deploy-task.ts';
import { checkParamDefs, placeholdersIn, resolveRunParams, wholePlaceholder, type ParamValueInput } from './task-params.ts';

const DEFS: TaskParamDef[] = [
  { name: 'image', type: 'text', value: 'web:1', description: '', static: false, limits: [] },
  { name: 'tier', type: 'enum', value: 'gold', description: '', static: false, limits: ['gold', 'silver'] },
  { name: 'token', type: 'encrypt', value: 'sealed(default)', description: '', static: false, limits: [] },
  { name: 'region', type: 'text', value: 'eu', description: '', static: true, limits: [] },
];
const seal = (clear: string) => `sealed(${clear})`;
const at = (i: number, input: Omit<ParamValueInput, 'pointer'>): ParamValueInput => ({ ...input, pointer: `/body/params/${i}` });

test('a start resolves every declared parameter: given values, else defaults; encrypt values are sealed', () => {
  const { errors, params } = resolveRunParams(DEFS, [at(0, { key: 'token', value: 'clear' }), at(1, { key: 'image', value: 'web:2', type: 'text' })], '/body/params', seal);
  assert.deepEqual(errors, []);
  assert.deepEqual(params, [
    { key: 'image', type: 'text', value: 'web:2' },
    { key: 'tier', type: 'enum', value: 'gold' },
    { key: 'token', type: 'encrypt', value: 'sealed(clear)' },
    { key: 'region', type: 'text', value: 'eu' },
  ]);
});

test('each refusal names its field; all of them are reported', () => {
  const { errors, params } = resolveRunParams(DEFS, [
    at(0, { key: 'nope', value: 'x' }),
    at(1, { key: 'tier', value: 'bronze' }),
    at(2, { key: 'image', value: 'a', type: 'enum' }),
    at(3, { key: 'region', value: 'us' }),
    at(4, { key: 'token', value: '{# x' }),
    at(5, { key: 'bad key', value: 'x' }),
  ], '/body/params', seal);
  assert.deepEqual(params, []);
  assert.deepEqual(errors.map((e) => e.pointer), ['/body/params/0/key', '/body/params/1/value', '/body/params/2/type', '/body/params/3/key', '/body/params/4/value', '/body/params/5/key']);
});

test('a name → value map points at the member itself', () => {
  const { errors } = resolveRunParams(DEFS, [{ key: 'tier', value: 'bronze', pointer: '/body/params/tier', flat: true }], '/body/params', seal);
  assert.deepEqual(errors.map((e) => e.pointer), ['/body/params/tier']);
});

test('a key given twice is refused at its second occurrence; more than 500 values are refused as a whole', () => {
  const twice = resolveRunParams(DEFS, [at(0, { key: 'image', value: 'a' }), at(1, { key: 'image', value: 'b' })], '/body/params', seal);
  assert.deepEqual(twice.errors.map((e) => e.pointer), ['/body/params/1/key']);
  const many = resolveRunParams(DEFS, Array.from({ length: 501 }, (_, i) => at(i, { key: 'image', value: 'a' })), '/body/params', seal);
  assert.deepEqual(many.errors.map((e) => e.pointer), ['/body/params']);
});

test('declarations: names, duplicates, enum limits, template markers, limits on other types', () => {
  const def = (over: object) => ({ name: 'p', type: 'text', value: '', description: '', static: false, limits: [], ...over });
  assert.deepEqual(checkParamDefs([def({})], '/body/params'), []);
  const errors = checkParamDefs([
    def({ name: 'a b' }), def({ name: 'p' }), def({ name: 'p' }), def({ name: 'e', type: 'enum' }), def({ name: 'f', type: 'enum', value: 'z', limits: ['x'] }),
    def({ name: 'g', value: 'x{%y' }), def({ name: 'h', limits: ['x'] }), def({ name: 'i', type: 'bool' }), def({ name: 'j', value: 'x'.repeat(8193) }),
  ], '/body/params');
  assert.deepEqual(errors.map((e) => e.pointer), [
    '/body/params/0/name', '/body/params/2/name', '/body/params/3/limits', '/body/params/4/value', '/body/params/5/value', '/body/params/6/limits',
    '/body/params/7/type', '/body/params/8/value',
  ]);
});

test('placeholders: ${name} in order of first use, $${ is a literal; a whole-field placeholder is recognised', () => {
  assert.deepEqual(placeholdersIn('a ${x} b ${y.z} ${x} $${lit} ${} ${bad name}'), ['x', 'y.z']);
  assert.equal(wholePlaceholder('${env}'), 'env');
  assert.equal(wholePlaceholder('c-${env}'), null);
  assert.equal(wholePlaceholder('prod'), null);
});
