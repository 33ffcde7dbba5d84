/**
 * `capstan notifications` through the real executable against a real server (started as `npm start` does, so its
 * worker delivers): the one-time secret, reads without it, update, a test message that reaches a loopback receiver
 * signed with that secret, the delivery log, delete, and usage errors.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { standardWebhooks } from '../../src/adapters/webhooks/standard-webhooks.ts';
import { until } from '../helpers/until.ts';
import { cliHome, startTestServer, type CliHome, type TestServer } from './cli-harness.ts';

describe('capstan notifications', () => {
  let server: TestServer;
  let home: CliHome;
  let receiver: Server;
  let receiverUrl: string;
  const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
  before(async () => {
    server = await startTestServer();
    home = cliHome();
    assert.equal((await home.run(['login', '--server', server.url, '--token', server.adminToken])).code, 0);
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/cli-path-credential`;
  });
  after(async () => {
    await server.stop();
    await new Promise((resolve) => receiver.close(resolve));
    home.remove();
  });

  test('create prints the secret once; reads never show it; update; test is delivered signed; deliveries; delete', async () => {
    const created = await home.run(
      ['notifications', 'create', '--name', 'ops', '--url-file', '-', '--event', 'record.failed', '--event', 'record.succeeded', '--format', 'slack', '--task', 'task-1', '-o', 'json'],
      { stdin: `${receiverUrl}\n` },
    );
    assert.equal(created.code, 0, created.stderr);
    const channel = JSON.parse(created.stdout);
    assert.match(channel.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.deepEqual([channel.name, channel.urlDisplay, channel.events, channel.format, channel.filter, channel.enabled],
      ['ops', new URL(receiverUrl).origin + '/…', ['record.succeeded', 'record.failed'], 'slack', { taskId: 'task-1' }, true]);
    assert.match(created.stderr, /^warning: the signing secret is shown only this once/);

    const list = await home.run(['notifications', 'list']);
    assert.equal(list.code, 0, list.stderr);
    const [header, row] = list.stdout.trimEnd().split('\n');
    assert.match(header!, /^ID\s+NAME\s+URL\s+EVENTS\s+FORMAT\s+FILTER\s+ENABLED$/);
    assert.match(row!, new RegExp(`^${channel.id}\\s+ops\\s+http://127\\.0\\.0\\.1:\\d+/…\\s+record\\.succeeded,record\\.failed\\s+slack\\s+taskId=task-1\\s+yes$`));
    const shown = await home.run(['notifications', 'get', channel.id]);
    assert.equal(shown.code, 0, shown.stderr);
    for (const out of [list.stdout, shown.stdout]) {
      assert.ok(!out.includes(channel.secret) && !out.includes('cli-path-credential'), 'no secret and no URL path in reads');
    }

    const updated = await home.run(['notifications', 'update', channel.id, '--disable', '--no-filter', '--format', 'json', '-o', 'json']);
    assert.equal(updated.code, 0, updated.stderr);
    assert.deepEqual([JSON.parse(updated.stdout).enabled, JSON.parse(updated.stdout).filter, JSON.parse(updated.stdout).format], [false, {}, 'json']);

    const tested = await home.run(['notifications', 'test', channel.id]);
    assert.equal(tested.code, 0, tested.stderr);
    const messageId = /^Queued test message (msg_test_[0-9a-f]{32});/.exec(tested.stdout)?.[1];
    assert.ok(messageId, tested.stdout);
    await until('the test message', () => received.length === 1, 15_000);
    const [hit] = received;
    assert.equal(hit!.headers['webhook-id'], messageId);
    const verdict = standardWebhooks.verify({ headers: hit!.headers as Record<string, string>, rawBody: hit!.body, secret: channel.secret, now: Date.now() });
    assert.ok(verdict.ok, 'signed with the secret create printed');
    assert.equal(JSON.parse(hit!.body.toString()).type, 'notification.test');

    const deliveries = await until('the delivery log', async () => {
      const r = await home.run(['notifications', 'deliveries', channel.id]);
      return r.stdout.includes('delivered') ? r : null;
    }, 15_000);
    assert.equal(deliveries.code, 0, deliveries.stderr);
    assert.match(deliveries.stdout, /^AT\s+EVENT\s+RECORD\s+ATTEMPT\s+OUTCOME\s+STATUS\s+MS\s+MESSAGE ID\s+ERROR\n/);
    assert.match(deliveries.stdout, new RegExp(`notification\\.test\\s+-\\s+1\\s+delivered\\s+204\\s+\\d+\\s+${messageId}\\s+-\\n$`));

    const viewer = JSON.parse((await home.run(['tokens', 'create', '--name', 'viewer', '--role', 'viewer', '-o', 'json'])).stdout);
    const refused = await home.run(['notifications', 'create', '--name', 'x', '--url', receiverUrl, '--token', viewer.token]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /\(ROLE_FORBIDS_ACTION\)/);
    assert.equal((await home.run(['notifications', 'list', '--token', viewer.token])).code, 0, 'viewers read');

    const deleted = await home.run(['notifications', 'delete', channel.id]);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout, `Deleted notification channel ${channel.id}.\n`);
    const again = await home.run(['notifications', 'get', channel.id]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /\(NOTIFICATION_CHANNEL_NOT_FOUND\)/);
  });

  test('--help and usage errors', async () => {
    for (const words of [['notifications'], ...['list', 'create', 'get', 'update', 'delete', 'test', 'deliveries'].map((c) => ['notifications', c])]) {
      const r = await home.run([...words, '--help']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Usage: capstan ${words.join(' ')}\\b`));
    }
    for (const args of [
      ['notifications', 'create', '--name', 'x'],
      ['notifications', 'create', '--name', 'x', '--url', 'http://a.example/', '--event', 'record.started'],
      ['notifications', 'create', '--name', 'x', '--url', 'http://a.example/', '--format', 'xml'],
      ['notifications', 'update', 'some-id'],
      ['notifications', 'update', 'some-id', '--enable', '--disable'],
      ['notifications', 'get'],
    ]) {
      const r = await home.run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
    const bad = await home.run(['notifications', 'create', '--name', 'x', '--url', 'ftp://a.example/']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /\(VALIDATION_FAILED\)/);
  });
});
