/**
 * The official Tencent Cloud SDK (tencentcloud-sdk-nodejs, TCR v20190924, TC3-HMAC-SHA256) against a running
 * Capstan, changing nothing but the endpoint (protocol http://) and the credentials. The SDK takes the service of
 * its credential scope from the endpoint host ("127" here); Capstan verifies the scope as sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import { accessKeyFor, startSdkHarness, type AccessKeyPair, type SdkHarness } from './sdk-harness.ts';

const CLUSTER = 'cls-sdk';
const TcrClient = tencentcloud.tcr.v20190924.Client;

interface TencentError {
  code?: string;
  requestId: string;
  message: string;
}

describe('tencentcloud-sdk-nodejs (TCR) against Capstan', () => {
  let h: SdkHarness;
  let key: AccessKeyPair;
  const client = (secretKey = key.secret) => new TcrClient({
    credential: { secretId: key.id, secretKey }, region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: h.endpoint, protocol: 'http://' } },
  });

  before(async () => {
    h = await startSdkHarness();
    const { t } = h;
    await t.deps.store.clusters.insert({ id: CLUSTER, accountId: t.accountId, name: 'sdk', kubeconfigCiphertext: t.deps.secrets.seal('unused'), server: 'http://127.0.0.1:1', createdAt: 1 });
    key = await accessKeyFor(t, 'member');
  });
  after(() => h.close());

  test('CreateApplicationTriggerPersonal → DescribeApplicationTriggerPersonal → DescribeApplicationTriggerLogPersonal → DeleteApplicationTriggerPersonal', async () => {
    const created = await client().CreateApplicationTriggerPersonal({
      RepoName: 'library/web', TriggerName: 'sdk-web', InvokeMethod: 'regex', InvokeExpr: 'release-.*', ClusterId: CLUSTER,
      Namespace: 'default', WorkloadType: 'Deployment', WorkloadName: 'web', ContainerName: 'web', ClusterRegion: 1,
    });
    assert.equal(typeof created.RequestId, 'string');
    assert.ok(created.RequestId);

    const described = await client().DescribeApplicationTriggerPersonal({ RepoName: 'library/web', TriggerName: 'sdk-web' });
    assert.equal(described.Data?.TotalCount, 1);
    const [info] = described.Data?.TriggerInfo ?? [];
    assert.equal(info?.TriggerName, 'sdk-web');
    assert.deepEqual(info?.InvokeCondition, { InvokeMethod: 'regex', InvokeExpr: 'release-.*' });
    assert.equal(info?.InvokePara?.ClusterId, CLUSTER);
    assert.equal(info?.InvokePara?.ClusterRegion, 1);

    const logs = await client().DescribeApplicationTriggerLogPersonal({ RepoName: 'library/web', Limit: 20 });
    assert.equal(logs.Data?.TotalCount, 0);
    assert.deepEqual(logs.Data?.LogInfo, []);
    assert.ok(logs.RequestId);

    const deleted = await client().DeleteApplicationTriggerPersonal({ TriggerName: 'sdk-web' });
    assert.ok(deleted.RequestId);
    const gone = await client().DescribeApplicationTriggerPersonal({ TriggerName: 'sdk-web' });
    assert.equal(gone.Data?.TotalCount, 0);
  });

  test('a wrong SecretKey: the SDK raises AuthFailure.SignatureFailure with the RequestId', async () => {
    const error = await client('capsk_not-the-secret').DescribeApplicationTriggerPersonal({})
      .then(() => assert.fail('accepted a wrong secret'), (e: TencentError) => e);
    assert.equal(error.code, 'AuthFailure.SignatureFailure');
    assert.ok(error.requestId);
  });

  test('an expired X-TC-Timestamp: the SDK raises AuthFailure.SignatureExpire', async (t) => {
    // The SDK stamps requests with `new Date().getTime()`; the server's clock (Date.now) is left alone.
    const realGetTime = Date.prototype.getTime;
    t.mock.method(Date.prototype, 'getTime', function getTime(this: Date) { return realGetTime.call(this) - 10 * 60_000; });
    const error = await client().DescribeApplicationTriggerPersonal({})
      .then(() => assert.fail('accepted an expired timestamp'), (e: TencentError) => e)
      .finally(() => t.mock.restoreAll());
    assert.equal(error.code, 'AuthFailure.SignatureExpire');
  });

  test('an unknown SecretId: the SDK raises AuthFailure.SecretIdNotFound', async () => {
    const stranger = new TcrClient({ credential: { secretId: 'CAPKAAAAAAAAAAAAAAAAAAAA', secretKey: 'capsk_x' }, region: 'ap-guangzhou', profile: { httpProfile: { endpoint: h.endpoint, protocol: 'http://' } } });
    const error = await stranger.DescribeApplicationTriggerPersonal({}).then(() => assert.fail('accepted an unknown key'), (e: TencentError) => e);
    assert.equal(error.code, 'AuthFailure.SecretIdNotFound');
  });
});
