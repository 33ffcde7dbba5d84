/**
 * Notifications end to end: channels made through the HTTP API, records driven to completion by a real Worker
 * against the loopback Kubernetes API server, and a second real Worker delivering `notification.deliver` jobs over
 * real HTTP to a node:http receiver on loopback. Signatures are checked with the Standard Webhooks verifier Capstan
 * uses for incoming deliveries; every log line of the run is captured and searched for the secrets.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { createLogger } from '../../src/adapters/logging/create-logger.ts';
import { createPromAppMetrics } from '../../src/adapters/metrics/prom-app-metrics.ts';
import { HttpNotificationSender } from '../../src/adapters/notifications/http-notification-sender.ts';
import { standardWebhooks } from '../../src/adapters/webhooks/standard-webhooks.ts';
import type { DeployRecord } from '../../src/domain/deploy-record.ts';
import { NOTIFICATION_DELIVERY_JOB, recordMessageId } from '../../src/domain/notification-channel.ts';
import type { Server } from '../../src/http/http-deps.ts';
import { buildServer } from '../../src/http/server.ts';
import { notificationDeliveryHandler } from '../../src/worker/notification-delivery-handler.ts';
import { Worker } from '../../src/worker/worker.ts';
import { deploymentManifest } from '../kube-api-server/index.ts';
import { metricValue } from '../helpers/metric-value.ts';
import { until } from '../helpers/until.ts';
import { CLUSTER, NS, recordsFixture, type RecordsFixture } from './deploy-records-fixture.ts';

const PUBLIC_URL = 'https://capstan.example';
const ADMIN = { authorization: 'Bearer fixture-admin-token-0123456789abcdef' };
// Receiver paths carry a credential-like segment, as Slack's do: it must never be logged or shown.
const PATH_SECRET = 'T0SECRET/B0SECRET/xoxPathCredential';

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly at: number;
}

type Reply = { status: number; headers?: Record<string, string>; body?: string };

/** A webhook receiver on loopback: records every request; answers each path from its script, then 204. */
async function startReceiver(): Promise<{ url: (name: string) => string; received: (name: string) => Received[]; script: (name: string, replies: Reply[]) => void; close(): Promise<void> }> {
  const log: Received[] = [];
  const scripts = new Map<string, Reply[]>();
  const server: HttpServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = (req.url ?? '').split('/')[1] ?? '';
      log.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      const reply = scripts.get(name)?.shift() ?? { status: 204 };
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}/${PATH_SECRET}?token=query-credential-${name}`,
    received: (name) => log.filter((r) => r.path.split('/')[1] === name),
    script: (name, replies) => scripts.set(name, replies),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('notifications', () => {
  let f: RecordsFixture;
  let http: Server;
  let worker: Worker;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const lines: string[] = [];
  const secrets: string[] = [];

  const registry = new Registry();
  const attempts = async (outcome: string) => metricValue(await registry.metrics(), 'capstan_notification_deliveries_total', { outcome }) ?? NaN;

  before(async () => {
    f = await recordsFixture();
    Object.assign(f.deps, { metrics: createPromAppMetrics(registry) });
    receiver = await startReceiver();
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const logger = createLogger({ level: 'trace', destination: sink });
    http = (await buildServer({ app: f.deps, version: 'test', publicUrl: PUBLIC_URL, bodyLimitBytes: 1_048_576, authCacheMs: 5_000, logger, isShuttingDown: () => false })).server;
    await http.ready();
    worker = new Worker({
      queue: f.deps.store.jobs,
      handlers: new Map([[NOTIFICATION_DELIVERY_JOB, notificationDeliveryHandler(f.deps, { publicUrl: PUBLIC_URL, sender: new HttpNotificationSender(), timeoutMs: 2_000 })]]),
      owner: 'notifier', concurrency: 4, leaseMs: 10_000, pollMs: 10, retryBaseMs: 50, retryCapMs: 2_000, logger: logger.child({ component: 'worker' }),
    });
    worker.start();
    f.kube.apply(deploymentManifest({ namespace: NS, name: 'web', image: 'registry.example/web:1' }));
    await f.kube.settle();
  });
  after(async () => {
    await worker.stop({ graceMs: 2_000 });
    await http.close();
    await receiver.close();
    await f.close();
  });

  async function channel(name: string, body: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
    const res = await http.inject({ method: 'POST', url: '/api/v1/notification-channels', headers: ADMIN, payload: { name, url: receiver.url(name), ...body } });
    assert.equal(res.statusCode, 201, res.body);
    const created = res.json() as { id: string; secret: string };
    secrets.push(created.secret);
    return created;
  }

  async function deliveries(id: string): Promise<{ attempt: number; outcome: string; statusCode: number | null; messageId: string; error: string | null; recordId: string | null }[]> {
    const res = await http.inject({ method: 'GET', url: `/api/v1/notification-channels/${id}/deliveries`, headers: ADMIN });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items;
  }

  function verified(r: Received, secret: string): unknown {
    const verdict = standardWebhooks.verify({ headers: r.headers as Record<string, string>, rawBody: r.body, secret, now: Date.now() });
    assert.ok(verdict.ok, `the signature verifies: ${JSON.stringify(verdict)}`);
    assert.equal(r.headers['content-type'], 'application/json');
    return JSON.parse(r.body.toString('utf8'));
  }

  const restart = (name: string) => [{ type: 'restart' as const, name: `restart ${name}`, target: { clusterId: CLUSTER, workload: f.ref('Deployment', name) } }];

  async function finished(plan: ReturnType<typeof restart>, taskId: string): Promise<DeployRecord> {
    const record = await f.start(plan, { taskId, serialKey: `task/${taskId}` });
    return f.settled(record.id);
  }

  test('a finished record: one signed delivery per matching channel; json facts; slack shape; non-matching channels get nothing', async () => {
    const json = await channel('json');
    const slack = await channel('slack', { format: 'slack', events: ['record.failed'] });
    const otherTask = await channel('other-task', { filter: { taskId: 'another-task' } });
    const otherCluster = await channel('other-cluster', { filter: { clusterId: 'elsewhere' } });
    const successes = await channel('successes', { events: ['record.succeeded'], filter: { taskId: 'task-1', clusterId: CLUSTER } });
    const disabled = await channel('disabled', { enabled: false });

    const good = await finished(restart('web'), 'task-1');
    assert.equal(good.state, 'succeeded', good.error ?? '');
    const bad = await finished(restart('ghost'), 'task-1');
    assert.equal(bad.state, 'failed');

    await until('three deliveries', () => receiver.received('json').length + receiver.received('slack').length + receiver.received('successes').length >= 3, 10_000);
    await sleep(300); // nothing else arrives
    assert.equal(receiver.received('json').length, 1);
    assert.equal(receiver.received('slack').length, 1);
    assert.equal(receiver.received('successes').length, 1);
    for (const name of ['other-task', 'other-cluster', 'disabled']) assert.equal(receiver.received(name).length, 0, name);
    assert.equal((await f.deps.store.jobs.list(f.accountId, { kind: NOTIFICATION_DELIVERY_JOB, limit: 50 })).length, 3, 'no job for non-matching channels');
    assert.deepEqual(await deliveries(otherTask.id), []);
    assert.deepEqual(await deliveries(otherCluster.id), []);

    const [success] = receiver.received('successes');
    const successBody = verified(success!, successes.secret) as { type: string; data: { record: { id: string }; rollback: unknown } };
    assert.equal(successBody.type, 'record.succeeded');
    assert.equal(successBody.data.record.id, good.id);
    assert.equal(successBody.data.rollback, null, 'nothing succeeded before the first record of the task');

    const [hit] = receiver.received('json');
    assert.equal(hit!.headers['webhook-id'], recordMessageId(bad.id, json.id));
    assert.match(String(hit!.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/);
    const env = verified(hit!, json.secret) as Record<string, unknown>;
    assert.deepEqual(Object.keys(env), ['type', 'id', 'time', 'data']);
    assert.equal(env['type'], 'record.failed');
    assert.equal(env['id'], hit!.headers['webhook-id']);
    assert.equal(env['time'], new Date(bad.finishedAt!).toISOString());
    const data = env['data'] as { record: Record<string, unknown>; workloads: Record<string, unknown>; links: unknown; rollback: unknown };
    assert.deepEqual(
      [data.record['id'], data.record['type'], data.record['origin'], data.record['state'], data.record['taskId'], data.record['triggerId'], data.record['error']],
      [bad.id, 'deploy', 'api', 'failed', 'task-1', null, bad.error],
    );
    assert.match(String(data.record['error']), /ghost/);
    assert.equal(data.workloads['total'], (data.workloads['items'] as unknown[]).length);
    assert.deepEqual(data.links, { record: `${PUBLIC_URL}/ui/records/${bad.id}`, api: `${PUBLIC_URL}/api/v1/deploy-records/${bad.id}` });
    assert.deepEqual(data.rollback, { method: 'POST', url: `${PUBLIC_URL}/api/v1/deploy-records/${good.id}/rollback`, toRecordId: good.id });

    const [slackHit] = receiver.received('slack');
    const message = verified(slackHit!, slack.secret) as { text: string; blocks: { type: string }[] };
    assert.deepEqual(Object.keys(message).sort(), ['blocks', 'text']);
    assert.match(message.text, new RegExp(`^:x: Capstan deploy record ${bad.id.slice(0, 12)} \\(task task-1\\) failed: .*ghost`));
    assert.ok(message.blocks.length >= 3 && message.blocks.every((b) => typeof b.type === 'string'));
    assert.ok(JSON.stringify(message.blocks).includes(`${PUBLIC_URL}/ui/records/${bad.id}`));

    const [log] = await deliveries(json.id);
    assert.deepEqual([log?.attempt, log?.outcome, log?.statusCode, log?.messageId, log?.recordId, log?.error], [1, 'delivered', 204, recordMessageId(bad.id, json.id), bad.id, null]);
  });

  test('500 then 200 is retried with the same webhook-id; 400 is not retried; 429 waits for Retry-After; no redirect is followed; 410 disables', async () => {
    const flaky = await channel('flaky');
    const refusing = await channel('refusing');
    const throttled = await channel('throttled');
    const moved = await channel('moved');
    const gone = await channel('gone');
    receiver.script('moved', [{ status: 302, headers: { location: '/elsewhere/x' } }]);
    receiver.script('gone', [{ status: 410 }]);
    receiver.script('flaky', [{ status: 500, body: `upstream broke at /flaky/${PATH_SECRET}` }, { status: 200 }]);
    receiver.script('refusing', [{ status: 400, body: 'bad payload' }]);
    receiver.script('throttled', [{ status: 429, headers: { 'retry-after': '1' } }, { status: 202 }]);

    const [failedBefore, retryingBefore] = [await attempts('failed'), await attempts('retrying')];
    const bad = await finished(restart('ghost'), 'task-2');
    assert.equal(bad.state, 'failed');
    await until('the retries', () => receiver.received('flaky').length >= 2 && receiver.received('throttled').length >= 2, 10_000);
    await sleep(600); // longer than every backoff the refused one could have had

    const [first, second] = receiver.received('flaky');
    assert.equal(first!.headers['webhook-id'], recordMessageId(bad.id, flaky.id));
    assert.equal(second!.headers['webhook-id'], first!.headers['webhook-id'], 'the same webhook-id on the retry');
    assert.deepEqual(first!.body, second!.body, 'the same bytes on the retry');
    verified(first!, flaky.secret);
    verified(second!, flaky.secret);
    const flakyLog = await deliveries(flaky.id);
    assert.deepEqual(flakyLog.map((d) => [d.attempt, d.outcome, d.statusCode]), [[2, 'delivered', 200], [1, 'retrying', 500]]);
    assert.match(flakyLog[1]!.error ?? '', /^http:\/\/127\.0\.0\.1:\d+\/… answered 500: upstream broke at \/…$/);

    assert.equal(receiver.received('refusing').length, 1, 'a 400 is not retried');
    const refusedLog = await deliveries(refusing.id);
    assert.deepEqual(refusedLog.map((d) => [d.attempt, d.outcome, d.statusCode]), [[1, 'failed', 400]]);
    assert.match(refusedLog[0]!.error ?? '', /answered 400: bad payload$/);
    const jobs = await f.deps.store.jobs.list(f.accountId, { kind: NOTIFICATION_DELIVERY_JOB, limit: 100 });
    assert.equal(jobs.find((j) => (j.payload as { channelId: string }).channelId === refusing.id)?.state, 'failed');

    assert.equal(receiver.received('moved').length, 1);
    assert.equal(receiver.received('elsewhere').length, 0, 'the redirect was not followed');
    const movedLog = await deliveries(moved.id);
    assert.deepEqual(movedLog.map((d) => [d.attempt, d.outcome, d.statusCode]), [[1, 'failed', 302]]);
    assert.match(movedLog[0]!.error ?? '', /redirects are not followed/);
    assert.equal(receiver.received('gone').length, 1);
    assert.deepEqual((await deliveries(gone.id)).map((d) => [d.outcome, d.statusCode]), [['failed', 410]]);
    const goneNow = await http.inject({ method: 'GET', url: `/api/v1/notification-channels/${gone.id}`, headers: ADMIN });
    assert.equal(goneNow.json().enabled, false, '410 Gone disabled the channel');

    const [limited, after429] = receiver.received('throttled');
    assert.ok(after429!.at - limited!.at >= 900, `Retry-After: 1 was honoured (waited ${after429!.at - limited!.at} ms; the backoff alone is 50 ms)`);
    assert.equal(after429!.headers['webhook-id'], limited!.headers['webhook-id']);

    // /metrics counts each logged attempt by outcome: the 400, the 302 and the 410 failed; the 500 and the 429 retried.
    assert.equal((await attempts('failed')) - failedBefore, 3);
    assert.equal((await attempts('retrying')) - retryingBefore, 2);
  });

  test('a test message is signed and delivered (even to a disabled channel); an unreachable receiver is retried; no secret reaches any log or read', async () => {
    const tested = await channel('tested', { enabled: false, format: 'json' });
    const queued = await http.inject({ method: 'POST', url: `/api/v1/notification-channels/${tested.id}/test`, headers: ADMIN });
    assert.equal(queued.statusCode, 202, queued.body);
    await until('the test message', () => receiver.received('tested').length === 1, 10_000);
    const [hit] = receiver.received('tested');
    assert.equal(hit!.headers['webhook-id'], queued.json().messageId);
    const body = verified(hit!, tested.secret) as { type: string; data: { channel: { id: string } } };
    assert.equal(body.type, 'notification.test');
    assert.equal(body.data.channel.id, tested.id);

    // A closed port: no answer, so the attempt is logged as retrying with the reason (and no URL path).
    const closed = await http.inject({
      method: 'POST', url: '/api/v1/notification-channels', headers: ADMIN,
      payload: { name: 'unreachable', url: `http://127.0.0.1:9/${PATH_SECRET}?token=unreachable-credential` },
    });
    secrets.push(closed.json().secret);
    await http.inject({ method: 'POST', url: `/api/v1/notification-channels/${closed.json().id}/test`, headers: ADMIN });
    await until('two unreachable attempts', async () => (await deliveries(closed.json().id)).length >= 2, 10_000);
    const unreachable = await deliveries(closed.json().id);
    assert.ok(unreachable.every((d) => d.outcome === 'retrying' && d.statusCode === null));
    assert.match(unreachable[0]!.error ?? '', /^http:\/\/127\.0\.0\.1:9\/… did not answer: connect ECONNREFUSED 127\.0\.0\.1:9$/);

    const reads = [
      await http.inject({ method: 'GET', url: '/api/v1/notification-channels?limit=200', headers: ADMIN }),
      await http.inject({ method: 'GET', url: `/api/v1/notification-channels/${tested.id}`, headers: ADMIN }),
      await http.inject({ method: 'GET', url: `/api/v1/notification-channels/${closed.json().id}/deliveries`, headers: ADMIN }),
    ].map((r) => r.body).join('\n');
    const all = lines.join('');
    assert.ok(lines.length > 20, 'the run was logged at trace level');
    assert.ok(all.includes('job attempt failed'), 'failed attempts were logged');
    assert.ok(secrets.length >= 10);
    for (const secret of secrets) {
      for (const text of [all, reads]) {
        assert.ok(!text.includes(secret) && !text.includes(secret.slice('whsec_'.length)), `a signing secret leaked: ${secret.slice(0, 10)}…`);
      }
    }
    for (const credential of [PATH_SECRET, 'T0SECRET', 'query-credential', 'unreachable-credential']) {
      assert.ok(!all.includes(credential), `the URL's ${credential} leaked into the logs`);
      assert.ok(!reads.includes(credential), `the URL's ${credential} leaked into a read`);
    }
  });
});
