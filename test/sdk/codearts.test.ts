/**
 * Huawei's Node.js SDK core (@huaweicloud/huaweicloud-sdk-core: ClientBuilder → HcClient → AK/SK
 * SDK-HMAC-SHA256 signer → axios) on a CodeArts StartDeployTask request against a running Capstan. No CodeArts
 * package is published for Node, so the request is the one a generated client would send through the core:
 * `sendRequest({method, url: '/v2/tasks/{task_id}/start', pathParams, contentType, data})`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import huawei from '@huaweicloud/huaweicloud-sdk-core';
import builderModule from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import { deploymentManifest, startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';
import { accessKeyFor, startSdkHarness, type AccessKeyPair, type SdkHarness } from './sdk-harness.ts';

const CLUSTER = 'codearts-sdk';

interface HcClient {
  sendRequest(options: Record<string, unknown>): Promise<Record<string, unknown> & { httpStatusCode: number }>;
}
const { ClientBuilder } = builderModule as unknown as {
  ClientBuilder: new (init: (hc: HcClient) => HcClient) => { withEndpoint(e: string): { withCredential(c: unknown): { build(): HcClient } } };
};

interface HuaweiError {
  httpStatusCode: number;
  errorCode: string;
  errorMsg: string;
  requestId?: string;
}

describe('@huaweicloud/huaweicloud-sdk-core signer on CodeArts StartDeployTask against Capstan', () => {
  let h: SdkHarness;
  let kube: KubeApiServer;
  let key: AccessKeyPair;
  let taskId: string;

  const client = (sk = key.secret): HcClient => {
    const hc = new ClientBuilder((c) => c)
      .withEndpoint(`http://${h.endpoint}`)
      .withCredential(new huawei.BasicCredentials().withAk(key.id).withSk(sk))
      .build();
    // The SDK prints every refused request (with its signed headers) at ERROR; the tests assert on the exception.
    (hc as unknown as { httpClient: { _logger: { setLevel(level: string): void } } }).httpClient._logger.setLevel('off');
    return hc;
  };
  const startDeployTask = (hc: HcClient, params: unknown[], headers: Record<string, string> = {}) => hc.sendRequest({
    method: 'POST', url: '/v2/tasks/{task_id}/start', contentType: 'application/json;charset=UTF-8',
    pathParams: { task_id: taskId }, queryParams: {}, headers, data: { params },
  });

  before(async () => {
    h = await startSdkHarness();
    kube = await startKubeApiServer();
    kube.apply(deploymentManifest({ name: 'web', image: 'registry.example/web:1' }));
    const { t } = h;
    const cluster = await t.server.inject({ method: 'POST', url: '/api/v1/clusters', headers: t.admin, payload: { id: CLUSTER, name: CLUSTER, kubeconfig: kube.kubeconfig } });
    assert.equal(cluster.statusCode, 201, cluster.body);
    const task = await t.server.inject({
      method: 'POST', url: '/api/v1/deploy-tasks', headers: t.admin,
      payload: {
        name: 'sdk-task', params: [{ name: 'image', type: 'text', value: 'registry.example/web:1' }],
        steps: [{ name: 'set image', type: 'set-image', clusterId: CLUSTER, namespace: 'default', kind: 'Deployment', workload: 'web', container: 'web', image: '${image}' }],
      },
    });
    assert.equal(task.statusCode, 201, task.body);
    taskId = task.json().id;
    key = await accessKeyFor(t, 'pipeline');
  });
  after(async () => {
    await h.close();
    await kube.close();
  });

  test('StartDeployTask signed by the SDK starts a run of the task as the key\'s pipeline token', async () => {
    const started = await startDeployTask(client(), [{ key: 'image', value: 'registry.example/web:2' }]);
    assert.equal(started.httpStatusCode, 200);
    assert.match(String(started.id), /^[0-9a-f]{32}$/);
    assert.equal(started.task_id, taskId);
    const record = await h.t.deps.store.records.get(h.t.accountId, String(started.id));
    assert.equal(record?.taskId, taskId);
    assert.equal(record?.createdBy?.tokenId, key.tokenId);
  });

  test('a wrong SK: the SDK raises ClientRequestException 401 APIGW.0301 (verify aksk signature fail)', async () => {
    const error = await startDeployTask(client('capsk_not-the-secret'), []).then(() => assert.fail('accepted a wrong SK'), (e: HuaweiError) => e);
    assert.equal(error.httpStatusCode, 401);
    assert.equal(error.errorCode, 'APIGW.0301');
    assert.match(error.errorMsg, /verify aksk signature fail/);
    assert.ok(error.requestId);
  });

  test('an expired X-Sdk-Date: the SDK raises ClientRequestException 401 APIGW.0301 naming the skew', async () => {
    const old = new Date(Date.now() - 10 * 60_000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
    const error = await startDeployTask(client(), [], { 'X-Sdk-Date': old }).then(() => assert.fail('accepted an expired date'), (e: HuaweiError) => e);
    assert.equal(error.httpStatusCode, 401);
    assert.equal(error.errorCode, 'APIGW.0301');
    assert.match(error.errorMsg, /more than 5 minutes/);
  });
});
