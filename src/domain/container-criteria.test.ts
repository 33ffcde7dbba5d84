import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from './errors.ts';
import {
  compileCriteria,
  firstDuplicateCriterion,
  matchesAll,
  selectTargets,
  type ContainerTarget,
  type MatchingCriterion,
} from './container-criteria.ts';

const payrollMaster: ContainerTarget = {
  namespace: 'payroll-prod', podName: 'payroll-master-0', podLabels: { app: 'payroll', 'app.kubernetes.io/name': 'mariadb', tier: 'db' },
  containerName: 'mariadb', containerImage: 'registry.example/payroll/mariadb:10.11',
};
const payrollWorker: ContainerTarget = {
  namespace: 'payroll-prod', podName: 'payroll-worker-7f9c', podLabels: { app: 'payroll', tier: 'worker' },
  containerName: 'worker', containerImage: 'registry.example/payroll/worker:2.4',
};
const sidecar: ContainerTarget = { ...payrollMaster, containerName: 'log-agent', containerImage: 'registry.example/log-agent:1' };
const unlabelled: ContainerTarget = { ...payrollWorker, podName: 'bare', podLabels: {} };
const ALL = [payrollMaster, sidecar, payrollWorker, unlabelled];

const select = (criteria: MatchingCriterion[]) => selectTargets(compileCriteria(criteria), ALL);

describe('container criteria', () => {
  test('no criteria select every container', () => {
    assert.deepEqual(select([]), ALL);
  });

  test('a criterion is an unanchored search; anchors make it exact', () => {
    assert.deepEqual(select([{ type: 'containerImage', value: 'payroll' }]), [payrollMaster, payrollWorker, unlabelled]);
    assert.deepEqual(select([{ type: 'podName', value: 'master' }]), [payrollMaster, sidecar]);
    assert.deepEqual(select([{ type: 'containerName', value: '^worker$' }]), [payrollWorker, unlabelled]);
    assert.deepEqual(select([{ type: 'containerName', value: '^work$' }]), []);
    assert.deepEqual(select([{ type: 'namespaceName', value: '^payroll-prod$' }]), ALL);
  });

  test('every criterion must match (AND), including two of the same type', () => {
    assert.deepEqual(select([{ type: 'containerImage', value: 'payroll' }, { type: 'podName', value: '^payroll-master' }]), [payrollMaster]);
    assert.deepEqual(select([{ type: 'podLabel', value: '^app=payroll$' }, { type: 'podLabel', value: '^tier=worker$' }]), [payrollWorker]);
    assert.deepEqual(select([{ type: 'containerImage', value: 'payroll' }, { type: 'namespaceName', value: 'staging' }]), []);
  });

  test('podLabel matches any one label rendered key=value; a pod without labels matches none', () => {
    assert.deepEqual(select([{ type: 'podLabel', value: 'app.kubernetes.io/name=mariadb' }]), [payrollMaster, sidecar]);
    assert.deepEqual(select([{ type: 'podLabel', value: '^tier=' }]), [payrollMaster, sidecar, payrollWorker]);
    assert.equal(matchesAll(compileCriteria([{ type: 'podLabel', value: '' }]), unlabelled), false);
    assert.equal(matchesAll(compileCriteria([{ type: 'podLabel', value: '=' }]), payrollWorker), true);
  });

  test('RE2 syntax: classes, alternation, repetition and case-insensitive flags work', () => {
    assert.deepEqual(select([{ type: 'containerImage', value: '\\bmariadb\\b' }]), [payrollMaster]);
    assert.deepEqual(select([{ type: 'containerImage', value: ':(10|2)\\.[0-9]+$' }]), [payrollMaster, payrollWorker, unlabelled]);
    assert.deepEqual(select([{ type: 'containerName', value: '(?i)^LOG-' }]), [sidecar]);
  });

  test('patterns RE2 cannot compile are refused with the index of each, never run with RegExp', () => {
    const criteria: MatchingCriterion[] = [
      { type: 'podName', value: 'ok' }, { type: 'podName', value: '(' }, { type: 'containerName', value: 'a(?=b)' }, { type: 'podName', value: '(a)\\1' },
    ];
    assert.throws(() => compileCriteria(criteria), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, 'CONDITION_REGEX_INVALID');
      assert.deepEqual(e.errors.map((x) => x.pointer), ['/body/matchingCriteria/1/value', '/body/matchingCriteria/2/value', '/body/matchingCriteria/3/value']);
      assert.match(e.errors[0]!.detail, /missing closing \)/);
      assert.match(e.errors[1]!.detail, /Perl syntax/);
      assert.match(e.errors[2]!.detail, /invalid escape/);
      return true;
    });
  });

  test('an over-long pattern is refused before it is compiled', () => {
    assert.throws(() => compileCriteria([{ type: 'podName', value: 'a'.repeat(1025) }]), (e: unknown) => e instanceof AppError && e.errors[0]!.detail.includes('1024'));
  });

  test('repeated criteria are found', () => {
    assert.equal(firstDuplicateCriterion([{ type: 'podName', value: 'a' }, { type: 'containerName', value: 'a' }]), -1);
    assert.equal(firstDuplicateCriterion([{ type: 'podName', value: 'a' }, { type: 'podName', value: 'b' }, { type: 'podName', value: 'a' }]), 2);
  });
});

describe('RE2 matching does work linear in the subject (no catastrophic backtracking)', () => {
  /**
   * Work is measured as the number of subject characters the engine reads: the subject is given to re2js as UTF-8
   * bytes behind a Proxy that counts index reads. A backtracking engine reads `(a+)+$` against `aaaa…!` an
   * exponential number of times; a linear one reads each byte a bounded number of times, so 10x the input costs
   * about 10x the reads. Deterministic: no clocks involved.
   */
  function readsFor(pattern: string, subject: string): { found: boolean; reads: number } {
    const [criterion] = compileCriteria([{ type: 'podName', value: pattern }]);
    let reads = 0;
    const bytes = new Proxy([...Buffer.from(subject, 'utf8')], {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const found = criterion!.search(bytes);
    return { found, reads };
  }

  for (const pattern of ['(a+)+$', '(a|aa)+$', '(a*)*b', '^(([a-z])+.)+[A-Z]([a-z])+$']) {
    test(`${pattern} against a long non-matching name`, () => {
      const small = readsFor(pattern, `${'a'.repeat(2_000)}!`);
      const large = readsFor(pattern, `${'a'.repeat(20_000)}!`);
      assert.equal(small.found, false);
      assert.equal(large.found, false);
      // Linear: bounded reads per byte, and 10x the input is about 10x the work (quadratic would be 100x).
      assert.ok(large.reads <= 12 * 20_001, `${large.reads} reads for 20 001 bytes`);
      const ratio = large.reads / small.reads;
      assert.ok(ratio > 8 && ratio < 12, `10x the input took ${ratio.toFixed(2)}x the reads`);
    });
  }

  test('the counting subject really is what the engine reads (a match is found through it)', () => {
    assert.equal(readsFor('(a+)+$', 'aaaa').found, true);
    assert.ok(readsFor('(a+)+$', 'aaaa').reads > 0);
  });
});
