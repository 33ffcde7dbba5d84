/**
 * The auth plugin with vendor signatures, end to end over HTTP: a small server with one route per scheme
 * (`config.signature`), real SQLite, real access keys, and requests signed by the vendors' own signers. The
 * clock of the signature check is the test's, so skew is exact. Vendor surfaces have their own SDK-driven tests
 * in test/sdk/.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { stringify } from 'node:querystring';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { OpenApiUtil } from '@alicloud/openapi-core';
import huawei from '@huaweicloud/huaweicloud-sdk-core';
import signerModule from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import tencentcloud from 'tencentcloud-sdk-nodejs';
import signModule from 'tencentcloud-sdk-nodejs/tencentcloud/common/sign.js';
import { createLogger } from '../../src/adapters/logging/create-logger.ts';
import { createAccessKey } from '../../src/app/access-keys/create-access-key.ts';
import { resolveAccessKey } from '../../src/app/access-keys/resolve-access-key.ts';
import { issueToken } from '../../src/app/tokens/issue-token.ts';
import { authenticate } from '../../src/app/tokens/authenticate.ts';
import type { Role } from '../../src/domain/roles.ts';
import { installAuth } from '../../src/http/plugins/auth.ts';
import { principalOf } from '../../src/http/plugins/fastify-types.ts';
import { installNativeErrors } from '../../src/http/plugins/native-errors.ts';
import { SignatureAuth } from '../../src/http/plugins/signature-auth.ts';
import { ReplayCache } from '../../src/http/signatures/replay-cache.ts';
import { buildTestApp, type TestApp } from '../helpers/test-app.ts';

const Sign = (signModule as unknown as { default: { sign3(options: Record<string, unknown>): string } }).default;
const { AKSKSigner } = signerModule as unknown as { AKSKSigner: { sign(request: object, credential: object): Record<string, string> } };
const HOST = '127.0.0.1:39001';

interface Key {
  readonly id: string;
  readonly secret: string;
  readonly tokenId: string;
}

describe('signed requests through the auth plugin', () => {
  let t: TestApp;
  let server: FastifyInstance;
  let now = Date.now();
  const logs: string[] = [];
  let member: Key;

  async function keyFor(role: Role): Promise<Key> {
    const { token } = await issueToken(t.deps, { accountId: t.accountId, name: `sig-${role}-${Math.random()}`, role });
    const { key, secret } = await createAccessKey(t.deps, t.accountId, token.id);
    return { id: key.id, secret, tokenId: token.id };
  }

  before(async () => {
    t = await buildTestApp();
    const sink = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
    server = Fastify({ loggerInstance: createLogger({ level: 'trace', destination: sink }) }) as unknown as FastifyInstance;
    installNativeErrors(server);
    const signatures = new SignatureAuth({ resolve: (id) => resolveAccessKey(t.deps, id), now: () => now, replay: new ReplayCache() });
    installAuth(server, (secret) => authenticate(t.deps, secret), { publicPrefixes: [], signatures });
    server.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
    const echo = async (request: { principal: unknown; body: unknown; query: unknown }) =>
      ({ tokenId: principalOf(request as never).tokenId, role: principalOf(request as never).role, body: request.body ?? null, query: request.query });
    server.route({ method: ['GET', 'POST', 'DELETE'], url: '/acs3', config: { auth: 'write', signature: 'acs3' }, handler: echo });
    server.route({ method: 'GET', url: '/acs3/read', config: { auth: 'read', signature: 'acs3' }, handler: echo });
    server.route({ method: 'POST', url: '/', config: { auth: 'write', signature: 'tc3' }, handler: echo });
    server.route({ method: ['GET', 'POST'], url: '/v2/index.php', config: { auth: 'write', signature: 'tencent-v2' }, handler: echo });
    server.route({ method: ['GET', 'POST'], url: '/v2/tasks/:id/start', config: { auth: 'deploy', signature: 'huawei-sdk', xAuthToken: true }, handler: echo });
    server.route({ method: 'GET', url: '/unsigned', config: { auth: 'read' }, handler: echo });
    await server.ready();
    member = await keyFor('member');
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  // --- requests signed by the vendors' own signers -------------------------------------------------------------

  function acs3(key: Key, options: { method?: string; url?: string; body?: unknown; date?: string; nonce?: string; secret?: string } = {}): InjectOptions {
    const method = options.method ?? 'POST';
    const [pathname, search = ''] = (options.url ?? '/acs3').split('?');
    const payload = options.body === undefined ? '' : JSON.stringify(options.body);
    const hash = createHash('sha256').update(payload).digest('hex');
    const headers: Record<string, string> = {
      host: HOST, 'x-acs-version': '2015-12-15', 'x-acs-action': 'CreateTrigger',
      'x-acs-date': options.date ?? new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'), 'x-acs-signature-nonce': options.nonce ?? OpenApiUtil.getNonce(),
      ...(payload === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }), 'x-acs-content-sha256': hash,
    };
    const query = Object.fromEntries(new URLSearchParams(search));
    headers.authorization = OpenApiUtil.getAuthorization({ method, pathname, query, headers } as never, 'ACS3-HMAC-SHA256', hash, key.id, options.secret ?? key.secret);
    return { method: method as 'POST', url: options.url ?? '/acs3', headers, ...(payload === '' ? {} : { payload }) };
  }

  function tc3(key: Key, action: string, payload: object, timestamp = Math.floor(now / 1000)): InjectOptions {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const authorization = Sign.sign3({ method: 'POST', url: `http://${HOST}/`, payload, timestamp, service: '127', secretId: key.id, secretKey: key.secret, headers });
    return {
      method: 'POST', url: '/', payload: JSON.stringify(payload),
      headers: { host: HOST, 'content-type': 'application/json', 'x-tc-action': action, 'x-tc-timestamp': String(timestamp), 'x-tc-version': '2019-09-24', authorization },
    };
  }

  async function v2(key: Key, method: 'GET' | 'POST', req: object, tweak: (p: Record<string, string | number>) => void = () => {}): Promise<InjectOptions> {
    const client = new tencentcloud.tcr.v20190924.Client({
      credential: { secretId: key.id, secretKey: key.secret }, region: 'ap-guangzhou',
      profile: { signMethod: 'HmacSHA256', httpProfile: { endpoint: HOST, reqMethod: method } },
    }) as unknown as { path: string; mergeData(d: unknown): Record<string, string | number>; formatRequestData(a: string, p: object): Promise<Record<string, string | number>> };
    client.path = '/v2/index.php';
    const params = await client.formatRequestData('CreateUpdateServiceTrigger', client.mergeData(req));
    tweak(params);
    const encoded = stringify(params);
    return method === 'GET'
      ? { method, url: `/v2/index.php?${encoded}`, headers: { host: HOST } }
      : { method, url: '/v2/index.php', payload: encoded, headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded' } };
  }

  function hw(key: Key, options: { method?: string; data?: unknown; date?: string } = {}): InjectOptions {
    const method = options.method ?? 'POST';
    const data = method === 'POST' ? (options.data ?? { params: [{ name: 'image', value: 'web:v2' }] }) : undefined;
    const signed = AKSKSigner.sign({
      endpoint: `http://${HOST}/v2/tasks/t1/start`, method, queryParams: {}, data,
      headers: { 'content-type': 'application/json', ...(options.date ? { 'X-Sdk-Date': options.date } : {}) },
    }, new huawei.BasicCredentials().withAk(key.id).withSk(key.secret));
    return { method: method as 'POST', url: '/v2/tasks/t1/start', headers: signed, ...(data === undefined ? {} : { payload: JSON.stringify(data) }) };
  }

  const send = (options: InjectOptions) => server.inject(options);

  // --- Alibaba ACS3 --------------------------------------------------------------------------------------------

  test('ACS3: a signed POST acts as the key\'s token and reaches the handler with its body', async () => {
    const res = await send(acs3(member, { body: { project_id: 'default/web' } }));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { tokenId: member.tokenId, role: 'member', body: { project_id: 'default/web' }, query: {} });
  });

  test('ACS3: GET with a query and DELETE without a body', async () => {
    const get = await send(acs3(member, { method: 'GET', url: '/acs3?Namespace=default&Name=web%20app', body: undefined }));
    assert.equal(get.statusCode, 200, get.body);
    assert.deepEqual(get.json().query, { Namespace: 'default', Name: 'web app' });
    const del = await send(acs3(member, { method: 'DELETE', body: undefined }));
    assert.equal(del.statusCode, 200, del.body);
  });

  test('ACS3: the same nonce twice is SIGNATURE_REPLAYED; a fresh one passes', async () => {
    const first = acs3(member, { body: { a: 1 }, nonce: 'nonce-replay-1' });
    assert.equal((await send(first)).statusCode, 200);
    const again = await send(first);
    assert.equal(again.statusCode, 401);
    assert.equal(again.json().code, 'SIGNATURE_REPLAYED');
    assert.equal((await send(acs3(member, { body: { a: 1 } }))).statusCode, 200);
  });

  test('ACS3: a wrong secret is SIGNATURE_INVALID and does not burn the nonce', async () => {
    const wrong = await send(acs3(member, { body: { a: 1 }, nonce: 'nonce-burn', secret: 'capsk_not-the-secret' }));
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().code, 'SIGNATURE_INVALID');
    assert.equal((await send(acs3(member, { body: { a: 1 }, nonce: 'nonce-burn' }))).statusCode, 200);
  });

  test('ACS3: a body changed after signing is SIGNATURE_INVALID', async () => {
    const signed = acs3(member, { body: { project_id: 'default/web' } });
    const res = await send({ ...signed, payload: JSON.stringify({ project_id: 'default/evil' }) });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, 'SIGNATURE_INVALID');
  });

  test('ACS3: more than 5 minutes of skew either way is SIGNATURE_EXPIRED; just under passes', async () => {
    for (const [offset, code] of [[-301_000, 401], [301_000, 401], [-299_000, 200], [299_000, 200]] as const) {
      const date = new Date(now + offset).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const res = await send(acs3(member, { body: { a: 1 }, date }));
      assert.equal(res.statusCode, code, `offset ${offset}`);
      if (code === 401) assert.equal(res.json().code, 'SIGNATURE_EXPIRED');
    }
  });

  test('unknown keys and stale requests are refused before the body is read (a broken body does not matter)', async () => {
    const stranger = { id: 'CAPKAAAAAAAAAAAAAAAAAAAA', secret: 'capsk_x', tokenId: 'none' };
    const unknown = await send({ ...acs3(stranger, { body: { a: 1 } }), payload: '{not json' });
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.json().code, 'TOKEN_INVALID');
    const stale = await send({ ...acs3(member, { body: { a: 1 }, date: '2020-01-01T00:00:00Z' }), payload: '{not json' });
    assert.equal(stale.json().code, 'SIGNATURE_EXPIRED');
  });

  test('the role is the token\'s, checked once the signature is verified', async () => {
    const viewer = await keyFor('viewer');
    const write = await send(acs3(viewer, { body: { a: 1 } }));
    assert.equal(write.statusCode, 403);
    assert.equal(write.json().code, 'ROLE_FORBIDS_ACTION');
    const forged = await send(acs3(viewer, { body: { a: 1 }, secret: 'capsk_forged' }));
    assert.equal(forged.statusCode, 401, 'a bad signature never learns the role');
    const read = await send(acs3(viewer, { method: 'GET', url: '/acs3/read', body: undefined }));
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().role, 'viewer');
  });

  test('revoking the key, deleting or expiring the token stops its signatures at once', async () => {
    const key = await keyFor('member');
    assert.equal((await send(acs3(key, { body: {} }))).statusCode, 200);
    await t.deps.store.accessKeys.delete(t.accountId, key.tokenId, key.id);
    assert.equal((await send(acs3(key, { body: {} }))).json().code, 'TOKEN_INVALID');

    const other = await keyFor('member');
    await t.deps.store.tokens.delete(t.accountId, other.tokenId);
    assert.equal((await send(acs3(other, { body: {} }))).json().code, 'TOKEN_INVALID');

    const { token } = await issueToken(t.deps, { accountId: t.accountId, name: 'expired', role: 'member' });
    await t.deps.store.tokens.delete(t.accountId, token.id);
    await t.deps.store.tokens.insert({ ...token, expiresAt: Date.now() - 1 });
    const expired = await createAccessKey(t.deps, t.accountId, token.id);
    assert.equal((await send(acs3({ id: expired.key.id, secret: expired.secret, tokenId: token.id }, { body: {} }))).json().code, 'TOKEN_INVALID');
  });

  test('bearer tokens keep working on signature routes; anything else is refused', async () => {
    const bearer = await send({ method: 'POST', url: '/acs3', headers: { ...(await t.tokenFor('member')), 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(bearer.statusCode, 200);
    const none = await send({ method: 'POST', url: '/acs3', headers: { 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(none.json().code, 'TOKEN_MISSING');
    assert.match(none.json().detail, /ACS3-HMAC-SHA256/);
    const basic = await send({ method: 'POST', url: '/acs3', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    assert.equal(basic.json().code, 'TOKEN_INVALID');
  });

  test('signatures are opt-in per route: a route without config.signature refuses them', async () => {
    const res = await send({ ...acs3(member, { method: 'GET', body: undefined }), url: '/unsigned' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, 'TOKEN_INVALID');
  });

  // --- Tencent API 3.0 ----------------------------------------------------------------------------------------

  test('TC3: the SDK\'s signature passes; a replayed Create is refused, repeated Describes are not', async () => {
    const create = tc3(member, 'CreateApplicationTriggerPersonal', { TriggerName: 'web' });
    assert.equal((await send(create)).statusCode, 200);
    const replay = await send(create);
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().code, 'SIGNATURE_REPLAYED');
    const describe = tc3(member, 'DescribeApplicationTriggerPersonal', { TriggerName: 'web' });
    assert.equal((await send(describe)).statusCode, 200);
    assert.equal((await send(describe)).statusCode, 200);
  });

  test('TC3: an old X-TC-Timestamp is SIGNATURE_EXPIRED, a wrong key SIGNATURE_INVALID', async () => {
    const old = await send(tc3(member, 'DescribeApplicationTriggerPersonal', {}, Math.floor(now / 1000) - 600));
    assert.equal(old.json().code, 'SIGNATURE_EXPIRED');
    const wrong = await send(tc3({ ...member, secret: 'capsk_wrong' }, 'DescribeApplicationTriggerPersonal', {}));
    assert.equal(wrong.json().code, 'SIGNATURE_INVALID');
  });

  // --- Tencent API 2.0 ----------------------------------------------------------------------------------------

  test('API 2.0: the SDK\'s Signature passes in a query and in a form body; a reused Nonce is refused', async () => {
    const get = await send(await v2(member, 'GET', { namespace: 'shop' }));
    assert.equal(get.statusCode, 200, get.body);
    assert.equal(get.json().query.namespace, 'shop');
    const post = await v2(member, 'POST', { namespace: 'shop', trigger: { name: 'deploy web' } });
    const res = await send(post);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().body['trigger.name'], 'deploy web');
    assert.equal((await send(post)).json().code, 'SIGNATURE_REPLAYED');
  });

  test('API 2.0: a stale Timestamp, a wrong key, a changed parameter, or no credentials at all', async () => {
    const stale = await send(await v2(member, 'POST', { a: '1' }, (p) => { p.Timestamp = Math.floor(now / 1000) - 600; }));
    assert.equal(stale.json().code, 'SIGNATURE_EXPIRED', 'checked before the signature, which no longer matches either');
    assert.equal((await send(await v2({ ...member, secret: 'capsk_wrong' }, 'POST', { a: '1' }))).json().code, 'SIGNATURE_INVALID');
    assert.equal((await send(await v2(member, 'GET', { a: '1' }, (p) => { p.a = '2'; }))).json().code, 'SIGNATURE_INVALID');
    const bare = await send({ method: 'POST', url: '/v2/index.php', payload: 'Action=X', headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(bare.json().code, 'TOKEN_MISSING');
  });

  // --- Huawei SDK-HMAC-SHA256 ---------------------------------------------------------------------------------

  test('Huawei: the SDK\'s signature passes; a replayed start is refused; X-Auth-Token still works', async () => {
    const start = hw(member);
    const res = await send(start);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().body, { params: [{ name: 'image', value: 'web:v2' }] });
    assert.equal((await send(start)).json().code, 'SIGNATURE_REPLAYED');
    const read = hw(member, { method: 'GET' });
    assert.equal((await send(read)).statusCode, 200);
    assert.equal((await send(read)).statusCode, 200, 'reads may repeat');
    const token = (await t.tokenFor('pipeline')).authorization.slice(7);
    const xAuth = await send({ method: 'POST', url: '/v2/tasks/t1/start', headers: { 'x-auth-token': token, 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(xAuth.statusCode, 200);
  });

  test('Huawei: an old X-Sdk-Date is SIGNATURE_EXPIRED, a wrong SK SIGNATURE_INVALID', async () => {
    const old = await send(hw(member, { date: '20200101T000000Z' }));
    assert.equal(old.json().code, 'SIGNATURE_EXPIRED');
    const wrong = await send(hw({ ...member, secret: 'capsk_wrong' }));
    assert.equal(wrong.json().code, 'SIGNATURE_INVALID');
  });

  test('no secret and no signature ever reaches the log', async () => {
    const joined = logs.join('');
    assert.ok(logs.length > 0);
    assert.ok(!joined.includes(member.secret), 'secret leaked');
    const signed = acs3(member, { body: {} });
    await send(signed);
    const signature = /Signature=([0-9a-f]{64})/.exec(String((signed.headers as Record<string, string>).authorization))![1]!;
    const v2Request = await v2(member, 'GET', { x: '1' });
    await send(v2Request);
    const v2Signature = new URLSearchParams(String(v2Request.url).split('?')[1]).get('Signature')!;
    const all = logs.join('');
    assert.ok(!all.includes(signature), 'ACS3 signature leaked');
    assert.ok(!all.includes(v2Signature) && !all.includes(encodeURIComponent(v2Signature)), 'API 2.0 signature leaked');
  });
});
