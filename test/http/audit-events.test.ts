/**
 * The audit log end to end over the real server and a real SQLite store: what is recorded (calls that ask for a
 * change, whatever their outcome; the vendor surfaces' write actions by name) and what is not (reads, the vendors'
 * read actions), that an entry holds no secret and is committed before the answer leaves, and the admin-only
 * `GET /api/v1/audit-events` with its filters and pages. A failed write of an entry is logged and the answer still
 * goes out.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import signModule from 'tencentcloud-sdk-nodejs/tencentcloud/common/sign.js';
import { AesGcmSecretBox } from '../../src/adapters/crypto/aes-gcm-secret-box.ts';
import { Registry } from 'prom-client';
import { createLogger } from '../../src/adapters/logging/create-logger.ts';
import { createPromAppMetrics } from '../../src/adapters/metrics/prom-app-metrics.ts';
import { metricValue } from '../helpers/metric-value.ts';
import { ANONYMOUS_ENTRIES_PER_MINUTE } from '../../src/http/plugins/audit.ts';
import { createKubeConnector } from '../../src/adapters/kube/kube-connector.ts';
import { OciRegistryClient } from '../../src/adapters/registry/oci-registry-client.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import { webhookParsers } from '../../src/adapters/webhooks/senders.ts';
import { BOOTSTRAP_TOKEN_NAME, bootstrap } from '../../src/app/accounts/bootstrap.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import type { AuditLogRepo } from '../../src/app/ports/audit-log.ts';
import { systemClock } from '../../src/app/ports/clock.ts';
import { randomIds } from '../../src/app/ports/id-source.ts';
import type { Store, StoreRepos } from '../../src/app/ports/store.ts';
import { AppError } from '../../src/domain/errors.ts';
import { buildServer } from '../../src/http/server.ts';
import { buildTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../helpers/test-app.ts';

const Sign = (signModule as unknown as { default: { sign3(options: Record<string, unknown>): string } }).default;
const CLUSTER = 'cls-audit';

interface Entry {
  id: string;
  at: string;
  actor: { kind: string; tokenId: string; tokenName: string; accessKeyId: string | null } | null;
  method: string;
  route: string;
  action: string;
  target: string | null;
  status: number;
  outcome: string;
  errorCode: string | null;
  requestId: string;
  sourceIp: string | null;
}

interface NewToken {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
  readonly headers: { authorization: string };
}

describe('audit log', () => {
  let t: TestApp;
  let adminTokenId: string;
  before(async () => {
    t = await buildTestApp();
    await t.deps.store.clusters.insert({ id: CLUSTER, accountId: t.accountId, name: 'audit', kubeconfigCiphertext: t.deps.secrets.seal('unused'), server: 'http://127.0.0.1:1', createdAt: 1 });
    const tokens = await t.deps.store.tokens.list(t.accountId, { limit: 50 });
    adminTokenId = tokens.items.find((x) => x.name === BOOTSTRAP_TOKEN_NAME)!.id;
  });
  after(() => t.close());

  async function newToken(role: string): Promise<NewToken> {
    const name = `audit-${role}-${randomBytes(4).toString('hex')}`;
    const res = await t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.admin, payload: { name, role } });
    assert.equal(res.statusCode, 201, res.body);
    const { id, token } = res.json();
    return { id, name, secret: token, headers: { authorization: `Bearer ${token}` } };
  }

  /** Every entry of the account (all pages), straight from the store: what the recorder wrote. */
  async function stored(): Promise<{ id: string; requestId: string }[]> {
    const items = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<AuditLogRepo['list']>> = await t.deps.store.auditEvents.list(t.accountId, { limit: 500, cursor });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  }

  async function list(query = '', headers: Record<string, string> = t.admin): Promise<{ items: Entry[]; nextCursor: string | null }> {
    const res = await t.server.inject({ method: 'GET', url: `/api/v1/audit-events${query}`, headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  /** The one entry of a call, found by the request id its answer carried. */
  async function entryOf(res: { headers: Record<string, unknown> }): Promise<Entry> {
    const requestId = String(res.headers['x-request-id']);
    const matching = (await list('?limit=200')).items.filter((e) => e.requestId === requestId);
    assert.equal(matching.length, 1, `one entry for request ${requestId}`);
    return matching[0]!;
  }

  test('creating a token records one entry with the actor, the route template, the new token as target and 201, and no secret', async () => {
    const before = (await stored()).length;
    const res = await t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.admin, payload: { name: 'ci', role: 'pipeline' } });
    assert.equal(res.statusCode, 201);
    const created = res.json();
    // Committed before the answer left: the store has it the moment the answer is in.
    const rows = await stored();
    assert.equal(rows.length, before + 1);
    assert.equal(rows[0]!.requestId, res.headers['x-request-id']);

    const entry = await entryOf(res);
    assert.match(entry.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/, 'a time-ordered id');
    assert.ok(Math.abs(Date.parse(entry.at) - Date.now()) < 60_000);
    assert.deepEqual({ ...entry, id: 'x', at: 'x' }, {
      id: 'x', at: 'x',
      actor: { kind: 'token', tokenId: adminTokenId, tokenName: BOOTSTRAP_TOKEN_NAME, accessKeyId: null },
      method: 'POST', route: '/api/v1/tokens', action: 'POST /api/v1/tokens', target: created.id, status: 201,
      outcome: 'succeeded', errorCode: null, requestId: res.headers['x-request-id'], sourceIp: '127.0.0.1',
    });
    const everything = JSON.stringify([rows, await list('?limit=200')]);
    assert.ok(!everything.includes(created.token), 'the new secret is nowhere in the log');
    assert.ok(!everything.includes(TEST_ADMIN_TOKEN), 'the caller\'s secret is nowhere in the log');
  });

  test('a viewer\'s forbidden DELETE is denied 403 and names the viewer; a call without credentials is denied 401 with no actor', async () => {
    const viewer = await newToken('viewer');
    const victim = await newToken('pipeline');
    const res = await t.server.inject({ method: 'DELETE', url: `/api/v1/tokens/${victim.id}`, headers: viewer.headers });
    assert.equal(res.statusCode, 403);
    const entry = await entryOf(res);
    assert.deepEqual([entry.actor, entry.method, entry.route, entry.target, entry.status, entry.outcome, entry.errorCode], [
      { kind: 'token', tokenId: viewer.id, tokenName: viewer.name, accessKeyId: null },
      'DELETE', '/api/v1/tokens/:id', victim.id, 403, 'denied', 'ROLE_FORBIDS_ACTION',
    ]);

    const anonymous = await t.server.inject({ method: 'DELETE', url: `/api/v1/tokens/${victim.id}?token=not-logged`, headers: { authorization: 'Bearer no-such-token-0123456789' } });
    assert.equal(anonymous.statusCode, 401);
    const refused = await entryOf(anonymous);
    assert.deepEqual([refused.actor, refused.route, refused.target, refused.status, refused.outcome, refused.errorCode],
      [null, '/api/v1/tokens/:id', victim.id, 401, 'denied', 'TOKEN_INVALID']);
    assert.ok(!JSON.stringify(refused).includes('no-such-token') && !JSON.stringify(refused).includes('not-logged'), 'no credential and no query string');
  });

  test(`calls without valid credentials are recorded up to ${ANONYMOUS_ENTRIES_PER_MINUTE} a minute, so nobody can fill the store with them`, async () => {
    const anonymousEntries = async () => (await stored()).filter((e) => (e as { actor?: unknown }).actor === null).length;
    const before = await anonymousEntries();
    // The window is the wall-clock minute: start right after one begins, so all calls land in the same one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const sent = ANONYMOUS_ENTRIES_PER_MINUTE + 15;
    for (let i = 0; i < sent; i++) {
      const res = await t.server.inject({ method: 'POST', url: '/api/v1/tokens', payload: { name: `x${i}`, role: 'viewer' } });
      assert.equal(res.statusCode, 401);
    }
    const recorded = (await anonymousEntries()) - before;
    // Other tests here may have used a few of this minute's entries already.
    assert.ok(recorded <= ANONYMOUS_ENTRIES_PER_MINUTE && recorded >= ANONYMOUS_ENTRIES_PER_MINUTE - 5, `${recorded} anonymous entries in one minute`);
  });

  test('a bad body is failed 400; a call on a missing resource is failed 404', async () => {
    const bad = await t.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.admin, payload: { name: 'x', role: 'root' } });
    assert.equal(bad.statusCode, 400);
    const entry = await entryOf(bad);
    assert.deepEqual([entry.action, entry.target, entry.status, entry.outcome, entry.errorCode], ['POST /api/v1/tokens', null, 400, 'failed', 'VALIDATION_FAILED']);

    const missing = await t.server.inject({ method: 'DELETE', url: '/api/v1/tokens/no-such-token', headers: t.admin });
    assert.equal(missing.statusCode, 404);
    const gone = await entryOf(missing);
    assert.deepEqual([gone.target, gone.status, gone.outcome, gone.errorCode], ['no-such-token', 404, 'failed', 'TOKEN_NOT_FOUND']);
  });

  test('reads are not recorded: GETs, the audit list itself, previews that only compute', async () => {
    const before = (await stored()).length;
    for (const url of ['/api/v1/tokens', '/api/v1/account', '/api/v1/audit-events', '/api/v1/clusters', '/api/v1/no-such-route']) {
      await t.server.inject({ method: 'GET', url, headers: t.admin });
    }
    const preview = await t.server.inject({ method: 'POST', url: '/api/v1/image-triggers/preview', headers: t.admin, payload: { condition: { method: 'all' }, tags: ['v1'] } });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.equal((await stored()).length, before);
  });

  test('CCR/TCR: read actions are not recorded, write actions are, by their vendor action, with the trigger as target', async () => {
    const viewer = await newToken('viewer');
    const before = (await stored()).length;
    const v2 = (params: Record<string, string>, headers: Record<string, string> = t.admin) =>
      t.server.inject({ method: 'GET', url: `/v2/index.php?${new URLSearchParams(params)}`, headers });
    const add = { Action: 'AddUpdateServiceTrigger', triggerName: 'audit-web', reponame: 'team/web', invokeMethod: 'all', serviceName: 'web', clusterId: CLUSTER, namespace: 'default', containerName: 'web' };

    const list = await v2({ Action: 'ListTrigger' });
    assert.equal(list.json().code, 0);
    const logs = await t.server.inject({ method: 'POST', url: '/v2/index.php', headers: t.admin, payload: { Action: 'ListTriggerLog', reponame: 'team/web' } });
    assert.equal(logs.json().code, 0, logs.body);
    const describe = await t.server.inject({ method: 'POST', url: '/', headers: { ...t.admin, 'x-tc-action': 'DescribeApplicationTriggerPersonal' }, payload: {} });
    assert.ok(describe.json().Response.Data, describe.body);
    assert.equal((await stored()).length, before, 'no read action was recorded');

    const created = await v2(add);
    assert.deepEqual(created.json(), { code: 0, message: '', codeDesc: 'Success' });
    const entry = await entryOf(created);
    assert.deepEqual([entry.method, entry.route, entry.action, entry.target, entry.status, entry.outcome, entry.errorCode],
      ['GET', '/v2/index.php', 'CCR AddUpdateServiceTrigger', 'audit-web', 200, 'succeeded', null]);

    // Tencent answers errors with HTTP 200: the outcome and the code still say what happened.
    const refused = await v2({ ...add, triggerName: 'audit-db' }, viewer.headers);
    assert.equal(refused.json().codeDesc, 'UnauthorizedOperation');
    const denied = await entryOf(refused);
    assert.deepEqual([denied.actor?.tokenId, denied.action, denied.status, denied.outcome, denied.errorCode],
      [viewer.id, 'CCR AddUpdateServiceTrigger', 200, 'denied', 'ROLE_FORBIDS_ACTION']);

    const deleted = await t.server.inject({ method: 'POST', url: '/', headers: { ...t.admin, 'x-tc-action': 'DeleteApplicationTriggerPersonal' }, payload: { TriggerName: 'audit-web' } });
    assert.deepEqual(Object.keys(deleted.json().Response), ['RequestId'], deleted.body);
    const removal = await entryOf(deleted);
    assert.deepEqual([removal.method, removal.route, removal.action, removal.target, removal.outcome], ['POST', '/', 'TCR DeleteApplicationTriggerPersonal', 'audit-web', 'succeeded']);
    assert.equal((await stored()).length, before + 3);
  });

  test('a call signed with an access key names the key and its token', async () => {
    const member = await newToken('member');
    const key = (await t.server.inject({ method: 'POST', url: `/api/v1/tokens/${member.id}/access-keys`, headers: t.admin })).json();
    const payload = {
      RepoName: 'team/signed', TriggerName: 'audit-signed', InvokeMethod: 'all', ClusterId: CLUSTER, Namespace: 'default',
      WorkloadType: 'Deployment', WorkloadName: 'web', ContainerName: 'web', ClusterRegion: 1,
    };
    const timestamp = Math.floor(Date.now() / 1000);
    const host = 'capstan.test';
    const authorization = Sign.sign3({ method: 'POST', url: `http://${host}/`, payload, timestamp, service: 'tcr', secretId: key.id, secretKey: key.secret, headers: { 'Content-Type': 'application/json' } });
    const res = await t.server.inject({
      method: 'POST', url: '/', payload: JSON.stringify(payload),
      headers: { host, 'content-type': 'application/json', 'x-tc-action': 'CreateApplicationTriggerPersonal', 'x-tc-timestamp': String(timestamp), 'x-tc-version': '2019-09-24', authorization },
    });
    assert.deepEqual(Object.keys(res.json().Response), ['RequestId'], res.body);
    const entry = await entryOf(res);
    assert.deepEqual(entry.actor, { kind: 'access-key', tokenId: member.id, tokenName: member.name, accessKeyId: key.id });
    assert.deepEqual([entry.action, entry.target, entry.outcome], ['TCR CreateApplicationTriggerPersonal', 'audit-signed', 'succeeded']);
    assert.ok(!JSON.stringify(entry).includes(key.secret));
    assert.equal((await list(`?actor=${member.id}`)).items.length, 1, 'the actor filter finds signed calls by their token');
  });

  test('the list pages newest first and filters by actor, action, route, target, outcome and time', async () => {
    const member = await newToken('member');
    const calls: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.server.inject({ method: 'POST', url: '/api/v1/applications', headers: member.headers, payload: { name: `audit-${i}`, clusterId: 'no-such-cluster', namespace: 'default' } });
      assert.equal(res.statusCode, 404, res.body);
      calls.push(String(res.headers['x-request-id']));
    }
    const denied = await t.server.inject({ method: 'DELETE', url: '/api/v1/tokens/anything', headers: member.headers });
    assert.equal(denied.statusCode, 403);
    calls.push(String(denied.headers['x-request-id']));

    // Pages of two, newest first, every entry once.
    const seen: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`?actor=${member.id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen.map((e) => e.requestId), [...calls].reverse());
    const times = seen.map((e) => Date.parse(e.at));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));

    const ids = async (query: string) => (await list(`?actor=${member.id}&${query}`)).items.map((e) => e.requestId);
    assert.deepEqual(await ids('action=POST%20/api/v1/applications'), calls.slice(0, 5).reverse());
    assert.deepEqual(await ids('route=/api/v1/tokens/:id'), [calls[5]]);
    assert.deepEqual(await ids('target=anything'), [calls[5]]);
    assert.deepEqual(await ids('outcome=denied'), [calls[5]]);
    assert.deepEqual(await ids('outcome=failed&limit=2'), [calls[4], calls[3]]);
    const third = seen.find((e) => e.requestId === calls[2])!;
    const atMs = Date.parse(third.at);
    assert.ok((await ids(`until=${atMs}`)).includes(calls[2]!), 'until is inclusive, in epoch ms');
    assert.ok(!(await ids(`until=${atMs - 1}`)).includes(calls[2]!));
    assert.ok((await ids(`since=${encodeURIComponent(third.at)}`)).includes(calls[2]!), 'since is inclusive, in ISO 8601');
    assert.ok(!(await ids(`since=${encodeURIComponent(new Date(atMs + 1).toISOString())}`)).includes(calls[2]!));
    assert.deepEqual(await ids(`since=${Date.now() + 60_000}`), []);

    for (const query of ['since=yesterday', 'until=12:00', 'outcome=maybe', 'limit=0', 'cursor=not-a-cursor', 'colour=red']) {
      const res = await t.server.inject({ method: 'GET', url: `/api/v1/audit-events?${query}`, headers: t.admin });
      assert.equal(res.statusCode, 400, query);
      assert.equal(res.json().code, 'VALIDATION_FAILED', query);
    }
  });

  test('only admins read the log', async () => {
    for (const role of ['member', 'pipeline', 'viewer'] as const) {
      const res = await t.server.inject({ method: 'GET', url: '/api/v1/audit-events', headers: await t.tokenFor(role) });
      assert.equal(res.statusCode, 403, role);
      assert.equal(res.json().code, 'ROLE_FORBIDS_ACTION');
    }
    assert.equal((await t.server.inject({ method: 'GET', url: '/api/v1/audit-events' })).statusCode, 401);
  });

  test('the endpoint is in the OpenAPI document', async () => {
    const doc = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    const op = doc.paths['/api/v1/audit-events']?.get;
    assert.ok(op, 'documented');
    assert.deepEqual(op.parameters.map((p: { name: string }) => p.name).sort(), ['action', 'actor', 'cursor', 'limit', 'outcome', 'route', 'since', 'target', 'until']);
  });
});

describe('audit log: an entry that cannot be written', () => {
  test('is logged at error level without secrets, and the handler\'s answer still goes out', async (t) => {
    const real = await openSqliteStore({ file: ':memory:' });
    t.after(() => real.close());
    const failing: AuditLogRepo = {
      append: () => Promise.reject(new AppError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly.')),
      list: (accountId, query) => real.auditEvents.list(accountId, query),
      prune: (before, limit) => real.auditEvents.prune(before, limit),
    };
    // The real store, except that audit entries cannot be appended inside its transactions.
    const store = new Proxy(real, {
      get(target, prop) {
        if (prop === 'transaction') {
          return <T>(fn: (tx: StoreRepos) => Promise<T>) => target.transaction((tx) => fn({ ...tx, auditEvents: failing }));
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Store;
    const registry = new Registry();
    const deps: AppDeps = { store, secrets: new AesGcmSecretBox(randomBytes(32)), clock: systemClock, ids: randomIds, kube: createKubeConnector(),
      registry: new OciRegistryClient({ timeoutMs: 5_000 }), webhooks: webhookParsers, metrics: createPromAppMetrics(registry) };
    await bootstrap(deps, TEST_ADMIN_TOKEN);
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const { server } = await buildServer({ app: deps, version: 'test', publicUrl: 'http://capstan.test', bodyLimitBytes: 1_048_576, authCacheMs: 5_000,
      logger: createLogger({ level: 'info', destination: sink }), isShuttingDown: () => false, metricsRegistry: registry });
    t.after(() => server.close());
    const failures = async () => metricValue((await server.inject({ method: 'GET', url: '/metrics' })).body, 'capstan_audit_write_failures_total');
    assert.equal(await failures(), 0, 'counted from zero');

    const res = await server.inject({ method: 'POST', url: '/api/v1/tokens', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, payload: { name: 'ci', role: 'viewer' } });
    assert.equal(res.statusCode, 201, res.body);
    const secret = res.json().token as string;
    assert.ok(await real.tokens.get((await real.accounts.getDefault())!.id, res.json().id), 'the handler\'s work is done');
    const errors = lines.map((l) => JSON.parse(l) as { level: number; msg: string; code?: string; action?: string }).filter((l) => l.level >= 50);
    assert.equal(errors.length, 1, lines.join(''));
    assert.deepEqual([errors[0]!.msg, errors[0]!.code, errors[0]!.action], ['audit log entry could not be written', 'DATABASE_UNAVAILABLE', 'POST /api/v1/tokens']);
    assert.ok(!lines.join('').includes(secret) && !lines.join('').includes(TEST_ADMIN_TOKEN));
    assert.equal(await failures(), 1, '/metrics counts the lost entry');
  });
});
