/**
 * Tencent CCR API 2.0 (`/v2/index.php`) with parameters signed by the official SDK's own API 2.0 signer
 * (tencentcloud-sdk-nodejs `formatRequestData`, HmacSHA1 / HmacSHA256). The SDK's transport expects API 3.0
 * answers, so the signed parameters are sent with fetch, as a form body and as a query string.
 */
import assert from 'node:assert/strict';
import { stringify } from 'node:querystring';
import { after, before, describe, test } from 'node:test';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import { accessKeyFor, startSdkHarness, type AccessKeyPair, type SdkHarness } from './sdk-harness.ts';

const CLUSTER = 'cls-v2';
type Params = Record<string, string | number>;

interface V2Signer {
  path: string;
  mergeData(data: unknown): Params;
  formatRequestData(action: string, params: Params): Promise<Params>;
}

describe('CCR API 2.0 with the SDK\'s HmacSHA1/HmacSHA256 signatures against Capstan', () => {
  let h: SdkHarness;
  let key: AccessKeyPair;

  async function call(action: string, req: object, options: { method?: 'GET' | 'POST'; signMethod?: 'HmacSHA1' | 'HmacSHA256'; secret?: string; tweak?: (p: Params) => void } = {}) {
    const method = options.method ?? 'POST';
    const signer = new tencentcloud.tcr.v20190924.Client({
      credential: { secretId: key.id, secretKey: options.secret ?? key.secret },
      profile: { signMethod: options.signMethod ?? 'HmacSHA256', httpProfile: { endpoint: h.endpoint, reqMethod: method } },
    }) as unknown as V2Signer;
    signer.path = '/v2/index.php';
    const params = await signer.formatRequestData(action, signer.mergeData(req));
    options.tweak?.(params);
    const url = `http://${h.endpoint}/v2/index.php`;
    const res = method === 'GET'
      ? await fetch(`${url}?${stringify(params)}`)
      : await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: stringify(params) });
    assert.equal(res.status, 200);
    return res.json() as Promise<{ code: number; codeDesc: string; message: string; data?: { totalCount: number; triggerInfo: { triggerName: string }[] } }>;
  }

  before(async () => {
    h = await startSdkHarness();
    const { t } = h;
    await t.deps.store.clusters.insert({ id: CLUSTER, accountId: t.accountId, name: 'v2', kubeconfigCiphertext: t.deps.secrets.seal('unused'), server: 'http://127.0.0.1:1', createdAt: 1 });
    key = await accessKeyFor(t, 'member');
  });
  after(() => h.close());

  test('AddUpdateServiceTrigger → ListTrigger → DeleteTrigger, signed HmacSHA256 (form) and HmacSHA1 (query)', async () => {
    const added = await call('AddUpdateServiceTrigger', {
      triggerName: 'v2-web', reponame: 'team/web', invokeMethod: 'all', serviceName: 'web', clusterId: CLUSTER,
      namespace: 'default', containerName: 'web', clusterRegion: 1,
    });
    assert.deepEqual(added, { code: 0, message: '', codeDesc: 'Success' });
    const listed = await call('ListTrigger', { triggerName: 'v2-web' }, { method: 'GET', signMethod: 'HmacSHA1' });
    assert.equal(listed.code, 0, listed.message);
    assert.deepEqual(listed.data?.triggerInfo.map((i) => i.triggerName), ['v2-web']);
    assert.equal((await call('DeleteTrigger', { triggerName: 'v2-web' })).code, 0);
  });

  test('a wrong SecretKey is 4100 AuthFailure.SignatureFailure; a stale Timestamp 4500; the same signed request twice 4500', async () => {
    const wrong = await call('ListTrigger', {}, { secret: 'capsk_not-the-secret' });
    assert.deepEqual([wrong.code, wrong.codeDesc], [4100, 'AuthFailure.SignatureFailure']);
    const stale = await call('ListTrigger', {}, { tweak: (p) => { p.Timestamp = Math.floor(Date.now() / 1000) - 600; } });
    assert.deepEqual([stale.code, stale.codeDesc], [4500, 'AuthFailure.SignatureExpire']);
    let sent = '';
    const first = await call('ListTrigger', {}, { tweak: (p) => { sent = stringify(p); } });
    assert.equal(first.code, 0, first.message);
    const replay = await (await fetch(`http://${h.endpoint}/v2/index.php`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: sent,
    })).json() as { code: number; codeDesc: string };
    assert.deepEqual([replay.code, replay.codeDesc], [4500, 'AuthFailure.SignatureExpire']);
  });
});
