/**
 * The Tencent image-trigger surfaces over the real server and a real SQLite store: API 2.0 at /v2/index.php (GET,
 * POST form, POST JSON) and API 3.0 at POST / with X-TC-Action — exact answer shapes, errors in each generation's
 * envelope, paging caps. Firing on a push is test/integration/image-trigger-firing.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { aTriggerLog, anImageTrigger } from '../contracts/image-trigger-repos.contract.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const CLUSTER = 'cls-loop';
const TENCENT_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The seed's ListTriggerLog sample (seeds/ccr-list-trigger-log.txt), for its shape. */
const SEED_SAMPLE = {
  code: 0, message: '', codeDesc: 'Success',
  data: {
    logInfo: [{
      repoName: 'kubetest/kubetest', tagName: 'latest', triggerName: 'trigger_test', invokeSource: 'IMAGE_PUSH', invokeAction: 'SERVICE_UPDATE',
      invokeTime: '2018-07-23 23:13:27', invokeCondition: { invokeMethod: 'regex', invokeExpr: 'test*' },
      invokePara: { appId: '1254119589', clusterId: 'cls-666666', namespace: 'default', serviceName: 'nginx-test', containerName: 'nginx-test', clusterRegion: 1 },
      invokeResult: { returnCode: 0, returnMsg: 'ok' },
    }],
    totalCount: 1,
  },
};

/** Same keys at every level and the same JSON types at the leaves. */
function assertSameShape(actual: unknown, expected: unknown, path = '$'): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path} is an array`);
    for (const [i, item] of (actual as unknown[]).entries()) assertSameShape(item, expected[0], `${path}[${i}]`);
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object' && !Array.isArray(actual), `${path} is an object`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${path} keys`);
    for (const [key, value] of Object.entries(expected)) assertSameShape((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else {
    assert.equal(typeof actual, typeof expected, `${path} type`);
    if (typeof expected === 'number') assert.ok(Number.isInteger(actual), `${path} is an integer`);
  }
}

describe('Tencent CCR API 2.0 and TCR API 3.0 trigger actions', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
    await t.deps.store.clusters.insert({ id: CLUSTER, accountId: t.accountId, name: 'loop', kubeconfigCiphertext: t.deps.secrets.seal('unused'), server: 'http://127.0.0.1:1', createdAt: 1 });
  });
  after(() => t.close());

  const v2 = async (params: Record<string, string | number>, options: { method?: 'GET' | 'POST-form' | 'POST-json'; headers?: Record<string, string> } = {}) => {
    const method = options.method ?? 'GET';
    const headers = options.headers ?? t.admin;
    const strings = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
    const res = method === 'GET'
      ? await t.server.inject({ method: 'GET', url: `/v2/index.php?${new URLSearchParams(strings)}`, headers })
      : method === 'POST-form'
        ? await t.server.inject({ method: 'POST', url: '/v2/index.php', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(strings).toString() })
        : await t.server.inject({ method: 'POST', url: '/v2/index.php', headers, payload: params });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    return res.json();
  };
  const v3 = async (action: string, body: object, headers: Record<string, string> = t.admin) => {
    const res = await t.server.inject({ method: 'POST', url: '/', headers: { ...headers, 'x-tc-action': action, 'x-tc-version': '2019-09-24' }, payload: body });
    assert.equal(res.statusCode, 200, res.body);
    const json = res.json();
    assert.equal(json.Response.RequestId, res.headers['x-request-id']);
    return json;
  };
  const ok = { code: 0, message: '', codeDesc: 'Success' };
  const v2Error = (body: { code: number; codeDesc: string; message: string }, code: number, codeDesc: string, message?: RegExp) => {
    assert.deepEqual(Object.keys(body).sort(), ['code', 'codeDesc', 'message']);
    assert.equal(body.code, code, body.message);
    assert.equal(body.codeDesc, codeDesc, body.message);
    if (message) assert.match(body.message, message);
  };
  const v3Error = (body: { Response: { Error: { Code: string; Message: string }; RequestId: string } }, code: string, message?: RegExp) => {
    assert.deepEqual(Object.keys(body.Response).sort(), ['Error', 'RequestId']);
    assert.deepEqual(Object.keys(body.Response.Error).sort(), ['Code', 'Message']);
    assert.equal(body.Response.Error.Code, code, body.Response.Error.Message);
    if (message) assert.match(body.Response.Error.Message, message);
  };
  const add = (triggerName: string, extra: Record<string, string | number> = {}) => v2({
    Action: 'AddUpdateServiceTrigger', triggerName, reponame: 'Team/Web', invokeMethod: 'taglist', invokeExpr: 'v1;v2',
    serviceName: 'web', clusterId: CLUSTER, namespace: 'default', containerName: 'web', clusterRegion: 1, ...extra,
  });

  test('2.0: AddUpdateServiceTrigger answers the bare success envelope; ListTrigger shows it in the documented shape', async () => {
    assert.deepEqual(await add('deploy-web'), ok);
    const listed = await v2({ Action: 'ListTrigger', triggerName: 'deploy-web' });
    assert.deepEqual(Object.keys(listed).sort(), ['code', 'codeDesc', 'data', 'message']);
    assert.equal(listed.data.totalCount, 1);
    const [info] = listed.data.triggerInfo;
    assert.match(info.createTime, TENCENT_TIME);
    assert.match(info.updateTime, TENCENT_TIME);
    assert.deepEqual({ ...info, createTime: 'x', updateTime: 'x' }, {
      triggerName: 'deploy-web', repoName: 'team/web', invokeSource: 'IMAGE_PUSH', invokeAction: 'SERVICE_UPDATE', createTime: 'x', updateTime: 'x',
      invokeCondition: { invokeMethod: 'taglist', invokeExpr: 'v1;v2' },
      invokePara: { serviceName: 'web', clusterId: CLUSTER, namespace: 'default', containerName: 'web', clusterRegion: 1 },
    });
    const stored = await t.deps.store.imageTriggers.getByName(t.accountId, 'deploy-web');
    assert.equal(stored?.workloadKind, 'Deployment');
    assert.equal(stored?.pinDigest, true);
  });

  test('2.0: HEAD is not a way in, so a HEAD naming a write action changes nothing', async () => {
    const query = new URLSearchParams({
      Action: 'AddUpdateServiceTrigger', triggerName: 'by-head', reponame: 'team/head', invokeMethod: 'all',
      serviceName: 'web', clusterId: CLUSTER, namespace: 'default', containerName: 'web',
    });
    const res = await t.server.inject({ method: 'HEAD', url: `/v2/index.php?${query}`, headers: t.admin });
    assert.equal(res.statusCode, 404);
    assert.equal(await t.deps.store.imageTriggers.getByName(t.accountId, 'by-head'), null);
  });

  test('2.0: parameters come from the query string, a form body or a JSON body alike', async () => {
    assert.deepEqual(await v2({ Action: 'AddUpdateServiceTrigger', triggerName: 'by-form', reponame: 'team/form', invokeMethod: 'all', serviceName: 'web', clusterId: CLUSTER, namespace: 'default', containerName: 'web' }, { method: 'POST-form' }), ok);
    assert.deepEqual(await v2({ Action: 'AddUpdateServiceTrigger', triggerName: 'by-json', reponame: 'team/json', invokeMethod: 'regex', invokeExpr: '^v[0-9]+$', serviceName: 'web', clusterId: CLUSTER, namespace: 'default', containerName: 'web', clusterRegion: 4 }, { method: 'POST-json' }), ok);
    const form = (await v2({ Action: 'ListTrigger', reponame: 'team/form' }, { method: 'POST-form' })).data.triggerInfo[0];
    assert.deepEqual(form.invokeCondition, { invokeMethod: 'all', invokeExpr: '' });
    assert.equal(form.invokePara.clusterRegion, 0, 'clusterRegion is optional in 2.0');
    const json = (await v2({ Action: 'ListTrigger', reponame: 'team/json' }, { method: 'POST-json' })).data.triggerInfo[0];
    assert.equal(json.invokePara.clusterRegion, 4);
  });

  test('2.0: a duplicate name is InvalidParameter.ErrTriggerExist; an unknown name ResourceNotFound.ErrNoTrigger', async () => {
    await add('dup');
    v2Error(await add('dup'), 4000, 'InvalidParameter.ErrTriggerExist', /dup/);
    v2Error(await v2({ Action: 'DeleteTrigger', triggerName: 'nobody' }), 5000, 'ResourceNotFound.ErrNoTrigger', /nobody/);
    v2Error(await v2({ Action: 'ModifyUpdateServiceTrigger', triggerName: 'nobody', invokeMethod: 'all' }), 5000, 'ResourceNotFound.ErrNoTrigger');
  });

  test('2.0: missing parameters are MissingParameter, bad values InvalidParameter with a clear message', async () => {
    v2Error(await v2({ Action: 'AddUpdateServiceTrigger', triggerName: 'x', reponame: 'team/x', invokeMethod: 'all', clusterId: CLUSTER, namespace: 'default', containerName: 'web' }), 4000, 'MissingParameter', /serviceName/);
    v2Error(await v2({ Action: 'ListTriggerLog' }), 4000, 'MissingParameter', /reponame/);
    v2Error(await v2({ reponame: 'x' }), 4000, 'MissingParameter', /Action/);
    v2Error(await add('m', { invokeMethod: 'glob' }), 4000, 'InvalidParameter', /invokeMethod must be one of: all, taglist, regex/);
    v2Error(await add('e', { invokeExpr: ' ; ' }), 4000, 'InvalidParameter', /at least one tag/);
    v2Error(await add('r', { invokeMethod: 'regex', invokeExpr: 'v(?=1)' }), 4000, 'InvalidParameter', /not a valid RE2 expression/);
    v2Error(await add('a', { invokeMethod: 'all', invokeExpr: 'v1' }), 4000, 'InvalidParameter', /must be empty when the method is "all"/);
    v2Error(await add('bad name!'), 4000, 'InvalidParameter', /trigger name must be/);
    v2Error(await add('ns', { namespace: 'Not_A_Label' }), 4000, 'InvalidParameter', /namespace must be a DNS label/);
    v2Error(await add('region', { clusterRegion: 'one' }), 4000, 'InvalidParameter', /clusterRegion must be an integer/);
    v2Error(await add('cls', { clusterId: 'cls-none' }), 5000, 'ResourceNotFound', /cls-none/);
    v2Error(await v2({ Action: 'ListTriggerLog', reponame: 'a/b', order: 'up' }), 4000, 'InvalidParameter', /order must be one of: asc, desc/);
    v2Error(await v2({ Action: 'ListTriggerLog', reponame: 'a/b', orderby: 'tag' }), 4000, 'InvalidParameter', /orderby must be one of: invoke_time, trigger_name, repo_name/);
    v2Error(await v2({ Action: 'ListTriggerLog', reponame: 'a/b', offset: -1 }), 4000, 'InvalidParameter', /offset/);
    v2Error(await v2({ Action: 'ListTriggerLog', reponame: 'a/b', limit: 0 }), 4000, 'InvalidParameter', /limit/);
    const repeated = await t.server.inject({ method: 'GET', url: '/v2/index.php?Action=ListTrigger&limit=1&limit=2', headers: t.admin });
    v2Error(repeated.json(), 4000, 'InvalidParameter', /limit is given more than once/);
    assert.equal(await t.deps.store.imageTriggers.getByName(t.accountId, 'e'), null, 'nothing half-written');
  });

  test('2.0: an unknown action is InvalidAction; credentials and roles are checked per action', async () => {
    v2Error(await v2({ Action: 'DescribeEverything' }), 4000, 'InvalidAction', /ListTriggerLog/);
    v2Error(await v2({ Action: 'ListTrigger' }, { headers: {} }), 4100, 'AuthFailure');
    v2Error(await v2({ Action: 'ListTrigger' }, { headers: { authorization: 'Bearer nope' } }), 4104, 'AuthFailure.SecretIdNotFound');
    const viewer = await t.tokenFor('viewer');
    assert.equal((await v2({ Action: 'ListTrigger' }, { headers: viewer })).code, 0);
    v2Error(await v2({ Action: 'DeleteTrigger', triggerName: 'deploy-web' }, { headers: viewer }), 4101, 'UnauthorizedOperation', /write/);
    v2Error(await v2({
      Action: 'AddUpdateServiceTrigger', triggerName: 'by-viewer', reponame: 'a/b', invokeMethod: 'all', serviceName: 'web', clusterId: CLUSTER, namespace: 'default', containerName: 'web',
    }, { headers: viewer }), 4101, 'UnauthorizedOperation');
    assert.equal(await t.deps.store.imageTriggers.getByName(t.accountId, 'by-viewer'), null);
  });

  test('2.0: ModifyUpdateServiceTrigger changes only what is given and renames with newTriggerName', async () => {
    await add('to-modify');
    assert.deepEqual(await v2({ Action: 'ModifyUpdateServiceTrigger', triggerName: 'to-modify', newTriggerName: 'modified', invokeMethod: 'regex', invokeExpr: '^release-', clusterRegion: 8 }), ok);
    assert.equal((await v2({ Action: 'ListTrigger', triggerName: 'to-modify' })).data.totalCount, 0);
    const [info] = (await v2({ Action: 'ListTrigger', triggerName: 'modified' })).data.triggerInfo;
    assert.deepEqual(info.invokeCondition, { invokeMethod: 'regex', invokeExpr: '^release-' });
    assert.deepEqual(info.invokePara, { serviceName: 'web', clusterId: CLUSTER, namespace: 'default', containerName: 'web', clusterRegion: 8 });
    assert.equal(info.repoName, 'team/web');
    // Switching to `all` needs no expression; switching to taglist without one says what is missing.
    assert.deepEqual(await v2({ Action: 'ModifyUpdateServiceTrigger', triggerName: 'modified', invokeMethod: 'all' }), ok);
    v2Error(await v2({ Action: 'ModifyUpdateServiceTrigger', triggerName: 'modified', invokeMethod: 'taglist' }), 4000, 'InvalidParameter', /at least one tag/);
    v2Error(await v2({ Action: 'ModifyUpdateServiceTrigger', triggerName: 'modified', newTriggerName: 'dup' }), 4000, 'InvalidParameter.ErrTriggerExist');
    assert.deepEqual(await v2({ Action: 'DeleteTrigger', triggerName: 'modified' }), ok);
    v2Error(await v2({ Action: 'DeleteTrigger', triggerName: 'modified' }), 5000, 'ResourceNotFound.ErrNoTrigger');
  });

  test('2.0: ListTrigger pages by offset (limit 20 by default, at most 100) with the total', async () => {
    for (let i = 0; i < 105; i++) {
      await t.deps.store.imageTriggers.insert(anImageTrigger(t.accountId, CLUSTER, { name: `bulk-${i}`, repository: 'team/bulk', createdAt: 10_000 + i }));
    }
    const first = await v2({ Action: 'ListTrigger', reponame: 'team/bulk' });
    assert.equal(first.data.totalCount, 105);
    assert.equal(first.data.triggerInfo.length, 20);
    assert.equal(first.data.triggerInfo[0].triggerName, 'bulk-104', 'newest first');
    assert.equal((await v2({ Action: 'ListTrigger', reponame: 'team/bulk', limit: 500 })).data.triggerInfo.length, 100);
    const last = await v2({ Action: 'ListTrigger', reponame: 'team/bulk', offset: 100, limit: 10 });
    assert.deepEqual(last.data.triggerInfo.map((i: { triggerName: string }) => i.triggerName), ['bulk-4', 'bulk-3', 'bulk-2', 'bulk-1', 'bulk-0']);
  });

  describe('ListTriggerLog', () => {
    const repo = 'kubetest/kubetest';
    before(async () => {
      const trigger = anImageTrigger(t.accountId, CLUSTER, { name: 'trigger_test', repository: repo, condition: { method: 'regex', expr: 'test*' }, workloadName: 'nginx-test', containerName: 'nginx-test' });
      for (let i = 0; i < 120; i++) {
        const name = i % 2 === 0 ? 'trigger_test' : 'another';
        await t.deps.store.triggerLogs.append(aTriggerLog({ ...trigger, name }, {
          tag: `t${i}`, invokedAt: Date.UTC(2018, 6, 23, 15, 13, 27) + i * 1000, status: i === 119 ? 'succeeded' : 'failed',
          message: i === 119 ? null : 'rollout timed out', recordId: randomUUID().replaceAll('-', ''),
        }));
      }
      await t.deps.store.triggerLogs.append(aTriggerLog({ ...trigger, repository: 'other/repo' }, { status: 'succeeded' }));
    });

    test('answers exactly the seed\'s shape: data.totalCount and data.logInfo[] with the snapshots and invokeResult', async () => {
      const res = await v2({ Action: 'ListTriggerLog', reponame: repo, offset: 0, limit: 1 });
      assertSameShape(res, SEED_SAMPLE);
      assert.deepEqual(res.data.logInfo[0], {
        repoName: repo, tagName: 't119', triggerName: 'another', invokeSource: 'IMAGE_PUSH', invokeAction: 'SERVICE_UPDATE',
        invokeTime: '2018-07-23 15:15:26', invokeCondition: { invokeMethod: 'regex', invokeExpr: 'test*' },
        invokePara: { appId: t.accountId, clusterId: CLUSTER, namespace: 'default', serviceName: 'nginx-test', containerName: 'nginx-test', clusterRegion: 1 },
        invokeResult: { returnCode: 0, returnMsg: 'ok' },
      });
      assert.equal(res.data.totalCount, 120);
      const failed = (await v2({ Action: 'ListTriggerLog', reponame: repo, offset: 1, limit: 1 })).data.logInfo[0];
      assert.deepEqual(failed.invokeResult, { returnCode: 1, returnMsg: 'rollout timed out' });
    });

    test('limit is 20 by default and capped at 100; offset and order walk the whole log', async () => {
      const tags = (r: { data: { logInfo: { tagName: string }[] } }) => r.data.logInfo.map((l) => l.tagName);
      assert.equal((await v2({ Action: 'ListTriggerLog', reponame: repo })).data.logInfo.length, 20);
      const capped = await v2({ Action: 'ListTriggerLog', reponame: repo, limit: 1000 });
      assert.equal(capped.data.logInfo.length, 100);
      assert.equal(capped.data.totalCount, 120);
      assert.deepEqual(tags(await v2({ Action: 'ListTriggerLog', reponame: repo, offset: 117, limit: 5 })), ['t2', 't1', 't0']);
      assert.deepEqual(tags(await v2({ Action: 'ListTriggerLog', reponame: repo, order: 'asc', offset: 3, limit: 2 })), ['t3', 't4']);
      assert.deepEqual(tags(await v2({ Action: 'ListTriggerLog', reponame: repo, orderby: 'trigger_name', order: 'asc', limit: 2 })), ['t1', 't3']);
      assert.deepEqual(tags(await v2({ Action: 'ListTriggerLog', reponame: repo, orderby: 'trigger_name', order: 'desc', limit: 2 })), ['t118', 't116']);
      assert.deepEqual(tags(await v2({ Action: 'ListTriggerLog', reponame: repo, orderby: 'repo_name', limit: 1 })), ['t119']);
      assert.deepEqual(await v2({ Action: 'ListTriggerLog', reponame: 'no/such' }), { ...ok, data: { logInfo: [], totalCount: 0 } });
    });

    test('3.0: DescribeApplicationTriggerLogPersonal pages the same rows in PascalCase, with or without RepoName', async () => {
      const res = await v3('DescribeApplicationTriggerLogPersonal', { RepoName: repo, Limit: 1 });
      assert.deepEqual(Object.keys(res.Response).sort(), ['Data', 'RequestId']);
      assert.equal(res.Response.Data.TotalCount, 120);
      assert.deepEqual(res.Response.Data.LogInfo[0], {
        RepoName: repo, TagName: 't119', TriggerName: 'another', InvokeSource: 'IMAGE_PUSH', InvokeAction: 'SERVICE_UPDATE',
        InvokeTime: '2018-07-23 15:15:26', InvokeCondition: { InvokeMethod: 'regex', InvokeExpr: 'test*' },
        InvokePara: { AppId: t.accountId, ClusterId: CLUSTER, Namespace: 'default', ServiceName: 'nginx-test', ContainerName: 'nginx-test', ClusterRegion: 1 },
        InvokeResult: { ReturnCode: 0, ReturnMsg: 'ok' },
      });
      const all = await v3('DescribeApplicationTriggerLogPersonal', { Limit: 500, OrderBy: 'repo_name', Order: 'asc' });
      assert.equal(all.Response.Data.TotalCount, 121);
      assert.equal(all.Response.Data.LogInfo.length, 100);
      assert.equal(all.Response.Data.LogInfo[0].RepoName, repo);
      v3Error(await v3('DescribeApplicationTriggerLogPersonal', { OrderBy: 'tag' }), 'InvalidParameter', /OrderBy/);
    });
  });

  test('3.0: Create, Describe, Modify (rename) and Delete in the TCR personal-edition shapes', async () => {
    const create = {
      RepoName: 'library/test', TriggerName: 'tcr-web', InvokeMethod: 'regex', InvokeExpr: 'release*', ClusterId: CLUSTER, Namespace: 'default',
      WorkloadType: 'StatefulSet', WorkloadName: 'db', ContainerName: 'main', ClusterRegion: 16,
    };
    const created = await v3('CreateApplicationTriggerPersonal', create);
    assert.deepEqual(Object.keys(created.Response), ['RequestId']);
    const described = await v3('DescribeApplicationTriggerPersonal', { TriggerName: 'tcr-web' });
    assert.deepEqual(Object.keys(described.Response).sort(), ['Data', 'RequestId']);
    assert.equal(described.Response.Data.TotalCount, 1);
    const [info] = described.Response.Data.TriggerInfo;
    assert.match(info.CreateTime, TENCENT_TIME);
    assert.deepEqual({ ...info, CreateTime: 'x', UpdateTime: 'x' }, {
      TriggerName: 'tcr-web', RepoName: 'library/test', InvokeSource: 'IMAGE_PUSH', InvokeAction: 'SERVICE_UPDATE', CreateTime: 'x', UpdateTime: 'x',
      InvokeCondition: { InvokeMethod: 'regex', InvokeExpr: 'release*' },
      InvokePara: { AppId: t.accountId, ClusterId: CLUSTER, Namespace: 'default', ServiceName: 'db', ContainerName: 'main', ClusterRegion: 16 },
    });
    assert.equal((await t.deps.store.imageTriggers.getByName(t.accountId, 'tcr-web'))?.workloadKind, 'StatefulSet');
    v3Error(await v3('CreateApplicationTriggerPersonal', create), 'InvalidParameter.ErrTriggerExist');

    assert.deepEqual(Object.keys((await v3('ModifyApplicationTriggerPersonal', { TriggerName: 'tcr-web', NewTriggerName: 'tcr-db', InvokeMethod: 'taglist', InvokeExpr: 'v1' })).Response), ['RequestId']);
    const renamed = (await v3('DescribeApplicationTriggerPersonal', { RepoName: 'library/test' })).Response.Data.TriggerInfo;
    assert.deepEqual(renamed.map((i: { TriggerName: string; InvokeCondition: unknown }) => [i.TriggerName, i.InvokeCondition]), [['tcr-db', { InvokeMethod: 'taglist', InvokeExpr: 'v1' }]]);
    assert.deepEqual(Object.keys((await v3('DeleteApplicationTriggerPersonal', { TriggerName: 'tcr-db' })).Response), ['RequestId']);
    v3Error(await v3('DeleteApplicationTriggerPersonal', { TriggerName: 'tcr-db' }), 'ResourceNotFound.ErrNoTrigger');
  });

  test('3.0: MissingParameter, UnknownParameter, InvalidParameter, InvalidAction and AuthFailure in the 3.0 envelope', async () => {
    const base = { RepoName: 'library/x', TriggerName: 'x3', InvokeMethod: 'all', ClusterId: CLUSTER, Namespace: 'default', WorkloadType: 'Deployment', WorkloadName: 'web', ContainerName: 'web', ClusterRegion: 1 };
    const { WorkloadType: _type, ...noType } = base;
    v3Error(await v3('CreateApplicationTriggerPersonal', noType), 'MissingParameter', /WorkloadType/);
    const { ClusterRegion: _region, ...noRegion } = base;
    v3Error(await v3('CreateApplicationTriggerPersonal', noRegion), 'MissingParameter', /ClusterRegion/);
    v3Error(await v3('CreateApplicationTriggerPersonal', { ...base, WorkloadType: 'CronJob' }), 'InvalidParameter', /CronJob, which Capstan does not update/);
    v3Error(await v3('CreateApplicationTriggerPersonal', { ...base, ClusterRegion: '1x' }), 'InvalidParameter', /ClusterRegion/);
    v3Error(await v3('CreateApplicationTriggerPersonal', { ...base, TriggerName: 7 }), 'InvalidParameter', /TriggerName must be a string/);
    v3Error(await v3('CreateApplicationTriggerPersonal', { ...base, serviceName: 'web' }), 'UnknownParameter', /"serviceName"/);
    v3Error(await v3('DescribeApplicationTriggerPersonal', { Limit: 0 }), 'InvalidParameter', /Limit/);
    assert.equal((await v3('DescribeApplicationTriggerPersonal', { Limit: 1000 })).Response.Data.TriggerInfo.length, 100);
    v3Error(await v3('ListTriggerLog', {}), 'InvalidAction', /DescribeApplicationTriggerLogPersonal/);
    v3Error(await v3('DescribeApplicationTriggerPersonal', {}, {}), 'AuthFailure');
    const viewer = await t.tokenFor('viewer');
    v3Error(await v3('CreateApplicationTriggerPersonal', base, viewer), 'UnauthorizedOperation');
    assert.equal(await t.deps.store.imageTriggers.getByName(t.accountId, 'x3'), null);
  });

  test('POST / without X-TC-Action is not Tencent\'s: the root keeps its own answers', async () => {
    const post = await t.server.inject({ method: 'POST', url: '/', headers: t.admin, payload: {} });
    assert.equal(post.statusCode, 404);
    assert.equal(post.json().code, 'ROUTE_NOT_FOUND');
    const page = await t.server.inject({ method: 'GET', url: '/', headers: { 'x-tc-action': 'DescribeApplicationTriggerPersonal' } });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(String(page.headers['content-type']), /json/);
    const spec = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.ok(spec.paths['/v2/index.php']?.get && spec.paths['/v2/index.php']?.post);
    assert.ok(spec.paths['/']?.post);
  });
});
