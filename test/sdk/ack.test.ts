/**
 * The official Alibaba Cloud SDK (@alicloud/cs20151215, ACS3-HMAC-SHA256 signing by @alicloud/openapi-core)
 * against a running Capstan, changing nothing but the endpoint (protocol HTTP) and the credentials.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import csModule from '@alicloud/cs20151215';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { accessKeyFor, startSdkHarness, type AccessKeyPair, type SdkHarness } from './sdk-harness.ts';

// CommonJS: the client class is `exports.default`, the request models are named exports.
const cs = csModule as unknown as typeof import('@alicloud/cs20151215') & { default: typeof import('@alicloud/cs20151215').default };
const CsClient = cs.default;
const CLUSTER = 'c5cdf7e3938bc4f8eb0e44b21a80fsdk1';

interface AlibabaError {
  code: string;
  statusCode: number;
  data: { requestId?: string };
}

describe('@alicloud/cs20151215 against Capstan', () => {
  let h: SdkHarness;
  let kube: KubeApiServer;
  let key: AccessKeyPair;
  const client = (secret = key.secret) => new CsClient(new $OpenApiUtil.Config({
    accessKeyId: key.id, accessKeySecret: secret, endpoint: h.endpoint, protocol: 'HTTP', regionId: 'cn-hangzhou',
  }));

  before(async () => {
    h = await startSdkHarness();
    kube = await startKubeApiServer();
    kube.apply(deploymentManifest({ name: 'web' }));
    const cluster = await h.t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: h.t.admin, payload: { id: CLUSTER, name: 'sdk', kubeconfig: kube.kubeconfig } });
    assert.equal(cluster.statusCode, 201, cluster.body);
    key = await accessKeyFor(h.t, 'member');
  });
  after(async () => {
    await h.close();
    await kube.close();
  });

  test('CreateTrigger → DescribeTrigger → DeleteTrigger', async () => {
    const created = await client().createTrigger(CLUSTER, new cs.CreateTriggerRequest({
      clusterId: CLUSTER, projectId: 'default/web', action: 'redeploy', type: 'deployment',
    }));
    assert.equal(created.statusCode, 200);
    assert.match(String(created.body?.id), /^[1-9][0-9]*$/);
    assert.deepEqual(
      { clusterId: created.body?.clusterId, projectId: created.body?.projectId, type: created.body?.type, action: created.body?.action },
      { clusterId: CLUSTER, projectId: 'default/web', type: 'deployment', action: 'redeploy' },
    );

    const described = await client().describeTrigger(CLUSTER, new cs.DescribeTriggerRequest({ namespace: 'default', name: 'web', type: 'deployment', action: 'redeploy' }));
    assert.equal(described.statusCode, 200);
    const mine = described.body?.find((tr) => tr.id === created.body?.id);
    assert.ok(mine, `trigger ${created.body?.id} not described`);
    assert.equal(mine.clusterId, CLUSTER);
    assert.equal(mine.projectId, 'default/web');
    assert.match(String(mine.token), /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const deleted = await client().deleteTrigger(CLUSTER, String(created.body?.id));
    assert.equal(deleted.statusCode, 200);
    const after = await client().describeTrigger(CLUSTER, new cs.DescribeTriggerRequest({ namespace: 'default', name: 'web' }));
    assert.ok(!after.body?.some((tr) => tr.id === created.body?.id));
  });

  test('a wrong secret: the SDK raises ClientError SignatureDoesNotMatch with the request id', async () => {
    const error = await client('capsk_not-the-secret').createTrigger(CLUSTER, new cs.CreateTriggerRequest({
      clusterId: CLUSTER, projectId: 'default/web', action: 'redeploy',
    })).then(() => assert.fail('accepted a wrong secret'), (e: AlibabaError) => e);
    assert.equal(error.code, 'SignatureDoesNotMatch');
    assert.equal(error.statusCode, 401);
    assert.ok(error.data.requestId);
  });

  test('an expired x-acs-date: the SDK raises ClientError InvalidTimeStamp.Expired', async () => {
    const error = await client().describeTriggerWithOptions(CLUSTER, new cs.DescribeTriggerRequest({ namespace: 'default', name: 'web' }),
      { 'x-acs-date': new Date(Date.now() - 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z') }, {} as never)
      .then(() => assert.fail('accepted an expired timestamp'), (e: AlibabaError) => e);
    assert.equal(error.code, 'InvalidTimeStamp.Expired');
  });

  test('an unknown AccessKey ID: the SDK raises ClientError InvalidAccessKeyId', async () => {
    const stranger = new CsClient(new $OpenApiUtil.Config({ accessKeyId: 'CAPKAAAAAAAAAAAAAAAAAAAA', accessKeySecret: 'capsk_x', endpoint: h.endpoint, protocol: 'HTTP' }));
    const error = await stranger.describeTrigger(CLUSTER, new cs.DescribeTriggerRequest({ namespace: 'default', name: 'web' }))
      .then(() => assert.fail('accepted an unknown key'), (e: AlibabaError) => e);
    assert.equal(error.code, 'InvalidAccessKeyId');
  });
});
