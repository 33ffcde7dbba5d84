/**
 * The notification pages in Debian's chromium against a real Capstan whose worker sends the messages (the harness
 * runs startCapstan with the worker on, and main.ts gives it the notification handler) to a node:http receiver on
 * loopback: a channel created through the form shows its signing secret once; "Send test" makes a delivery that the
 * deliveries table shows as delivered, and the receiver got it signed (webhook-id, webhook-timestamp and a
 * webhook-signature that verifies with the secret shown); changing format, events, filter and enabled is saved and
 * an empty URL field keeps the URL; a non-http URL and an empty event list show the server's field problems; a
 * viewer token reads the channel without being offered the writes (which the server refuses with 403); a 503 shows as a `retrying` attempt and the log keeps refreshing, even on a
 * fresh page, until the retry is delivered; Delete asks first. Screenshots: test-output/screenshots/notifications*.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { CapstanApiError, CapstanClient } from '../../client/index.ts';
import { nav, signIn, startUiWorld, type UiWorld } from './ui-harness.ts';

interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A webhook receiver that keeps every request it got and answers 204, or 503 while `unavailable` counts down. */
async function startReceiver(): Promise<{ server: Server; base: string; received: Received[]; unavailable: { count: number } }> {
  const received: Received[] = [];
  const unavailable = { count: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (unavailable.count > 0) {
        unavailable.count -= 1;
        response.writeHead(503, { 'retry-after': '4' }).end('down for a moment');
      } else response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, unavailable };
}

/** Standard Webhooks verification as a receiver does it (README "Notifications"), independent of Capstan's code. */
function signatureVerifies(secret: string, r: Received): boolean {
  const id = String(r.headers['webhook-id']);
  const timestamp = String(r.headers['webhook-timestamp']);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${r.body}`).digest();
  return String(r.headers['webhook-signature']).split(' ').some((part) => {
    const [version, signature] = part.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

async function waitFor<T>(what: string, get: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('web UI: notification channels', () => {
  let world: UiWorld;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: CapstanClient;
  let viewerToken: string;
  let page: Page;
  let channelId: string;
  let secret: string;
  const path = '/hooks/capstan?token=receiver-credential';

  before(async () => {
    world = await startUiWorld();
    receiver = await startReceiver();
    admin = new CapstanClient({ baseUrl: world.url, token: world.adminToken });
    viewerToken = (await admin.createToken({ name: 'ui-notifications-viewer', role: 'viewer' })).token;
    ({ page } = await world.newPage());
    page.setDefaultTimeout(10_000);
    await signIn(page, world.adminToken);
  });
  after(async () => {
    await world?.close();
    receiver?.server.close();
  });

  const settings = () => page.getByRole('region', { name: 'Settings' });
  const deliveries = () => page.getByRole('region', { name: 'Deliveries' });
  const eventBox = (form: Locator, event: string) => form.getByRole('checkbox', { name: new RegExp(`\\(${event.replace('.', '\\.')}\\)`) });

  test('create a channel through the form and see its signing secret once', async () => {
    await nav(page, 'Notifications');
    await page.getByText('No notification channels yet').waitFor();
    await page.getByRole('button', { name: 'Create channel' }).click();
    const form = page.getByRole('region', { name: 'Create a channel' });
    await form.getByLabel('Channel name').fill('ops-receiver');
    await form.getByLabel('URL').fill(`${receiver.base}${path}`);
    assert.equal(await eventBox(form, 'record.failed').isChecked(), true, 'the server\'s default events are preselected');
    assert.equal(await eventBox(form, 'record.stopped').isChecked(), true);
    assert.equal(await eventBox(form, 'record.succeeded').isChecked(), false);
    await form.getByRole('button', { name: 'Create channel' }).click();

    const notice = page.getByRole('region', { name: 'Channel ops-receiver created' });
    const secretField = notice.getByRole('textbox', { name: 'Signing secret' });
    await secretField.waitFor();
    secret = await secretField.inputValue();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    const explanation = await notice.innerText();
    assert.match(explanation, /shown only once/);
    assert.match(explanation, /webhook-signature headers/);
    assert.match(explanation, /HMAC-SHA256 with this secret over \{webhook-id\}\.\{webhook-timestamp\}\.\{body\}/);
    assert.match(explanation, /README, "Notifications"/);
    assert.equal(await notice.getByRole('link', { name: 'API reference' }).getAttribute('href'), '/docs#/notifications');
    await notice.getByRole('button', { name: 'Copy' }).click();
    await notice.getByText(/^Copied\./).waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), secret);

    const row = page.getByRole('row', { name: /ops-receiver/ });
    assert.deepEqual((await row.locator('td').allInnerTexts()).slice(1, 6).map((t) => t.trim()),
      [`${receiver.base}/…`, 'record.failed, record.stopped', 'json', 'every record', 'enabled']);
    await world.screenshot(page, 'notifications-created');

    await notice.getByRole('button', { name: 'Done' }).click();
    assert.equal(await page.getByRole('textbox', { name: 'Signing secret' }).count(), 0, 'gone once dismissed');
    await page.reload();
    await row.waitFor();
    const shown = await page.content();
    assert.ok(!shown.includes(secret.slice(6)), 'the secret is not shown again');
    assert.ok(!shown.includes('receiver-credential'), 'the URL\'s query is never shown');
    assert.equal(receiver.received.length, 0, 'nothing is sent on create');

    await row.getByRole('link', { name: 'ops-receiver' }).click();
    await page.getByRole('heading', { level: 1, name: 'Channel ops-receiver' }).waitFor();
    channelId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  });

  test('"Send test" is delivered: the table says so and the receiver got a signed request', async () => {
    assert.ok(channelId, 'needs the channel of the first test');
    await deliveries().getByText('Nothing sent yet').waitFor();
    await deliveries().getByRole('button', { name: 'Send test' }).click();
    const status = deliveries().getByRole('status');
    // "queued", or already "done" when the worker was quicker than this look.
    await status.getByText(/^Test message msg_test_\w+ (queued|is done)/).waitFor();
    const messageId = /msg_test_\w+/.exec(await status.innerText())![0];

    const row = deliveries().getByRole('row', { name: /notification\.test/ });
    await row.getByText('delivered').waitFor(); // the worker sent it and the page refreshed on its own
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(cells.slice(1, 6), ['notification.test', '—', '1', 'delivered', '204']);
    assert.equal(await row.locator('td code[title]').getAttribute('title'), messageId);
    await status.getByText(/is done/).waitFor();

    const request = await waitFor('the receiver\'s request', () => receiver.received[0]);
    assert.equal(receiver.received.length, 1);
    assert.equal(request.url, path, 'the full URL was kept, sealed');
    assert.equal(request.headers['webhook-id'], messageId, 'the id the page showed');
    assert.match(String(request.headers['webhook-timestamp']), /^\d{10}$/);
    assert.match(String(request.headers['webhook-signature']), /^v1,/);
    assert.ok(signatureVerifies(secret, request), 'the signature verifies with the secret shown once');
    assert.ok(!signatureVerifies(`whsec_${Buffer.alloc(32).toString('base64')}`, request), 'and not with another');
    const body = JSON.parse(request.body) as { type: string; id: string; data: { channel: { id: string } } };
    assert.deepEqual([body.type, body.id, body.data.channel.id], ['notification.test', messageId, channelId]);
    await world.screenshot(page, 'notifications-delivered');
  });

  test('changing format, events, filter and enabled is saved; an empty URL field keeps the URL', async () => {
    const form = settings();
    assert.equal(await form.getByLabel('Channel name').inputValue(), 'ops-receiver');
    assert.equal(await form.getByLabel('New URL').inputValue(), '', 'the URL is write-only');
    assert.match(await form.innerText(), new RegExp(`Now ${receiver.base.replaceAll('.', '\\.')}/….*Leave empty to keep it`));
    await form.getByLabel('Format').selectOption('slack');
    await eventBox(form, 'record.succeeded').check();
    await eventBox(form, 'record.stopped').uncheck();
    await form.getByLabel('Cluster id').fill('prod');
    await form.getByLabel('Origin').selectOption('pipeline');
    await form.getByRole('checkbox', { name: 'Enabled' }).uncheck();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByRole('status').getByText('Changes saved.').waitFor();

    const facts = page.locator('dl.facts');
    await facts.getByText('disabled').waitFor();
    const factText = await facts.innerText();
    assert.match(factText, /Format\s+slack/);
    assert.match(factText, /Events\s+record\.succeeded, record\.failed/);
    assert.match(factText, /Filter\s+origin pipeline, cluster prod/);
    assert.match(factText, new RegExp(`URL\\s+${receiver.base.replaceAll('.', '\\.')}/…`));
    const stored = await admin.notifications.get(channelId);
    assert.deepEqual([stored.format, stored.events, stored.filter, stored.enabled, stored.urlDisplay],
      ['slack', ['record.succeeded', 'record.failed'], { origin: 'pipeline', clusterId: 'prod' }, false, `${receiver.base}/…`]);

    await page.reload();
    await settings().getByLabel('Format').waitFor();
    assert.equal(await settings().getByLabel('Format').inputValue(), 'slack', 'the form starts from what was stored');
    assert.equal(await settings().getByRole('checkbox', { name: 'Enabled' }).isChecked(), false);
    assert.equal(await eventBox(settings(), 'record.stopped').isChecked(), false);
    assert.equal(await settings().getByLabel('Cluster id').inputValue(), 'prod');
    await world.screenshot(page, 'notifications-edited');

    // A test is sent to a disabled channel too, in its new format, to the URL kept from create.
    const before = receiver.received.length;
    await deliveries().getByRole('button', { name: 'Send test' }).click();
    await deliveries().getByRole('status').getByText(/is done/).waitFor();
    const request = await waitFor('the slack test', () => receiver.received[before]);
    assert.equal(request.url, path);
    const slack = JSON.parse(request.body) as { text: string; blocks: unknown[] };
    assert.match(slack.text, /Test notification from Capstan for channel "ops-receiver"/);
    assert.ok(Array.isArray(slack.blocks));
    assert.equal(await deliveries().getByRole('row', { name: /notification\.test/ }).count(), 2);

    // Clearing the filter fields sends `filter: null`.
    await settings().getByLabel('Cluster id').fill('');
    await settings().getByLabel('Origin').selectOption('');
    await settings().getByRole('button', { name: 'Save changes' }).click();
    await page.locator('dl.facts').getByText('every record').waitFor();
    assert.deepEqual((await admin.notifications.get(channelId)).filter, {});
  });

  test('a non-http URL and an empty event list show the server\'s field problems', async () => {
    const form = settings();
    await form.getByLabel('New URL').fill('ftp://127.0.0.1/hook');
    await form.getByRole('button', { name: 'Save changes' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /VALIDATION_FAILED/);
    assert.match(text, /\/body\/url: must be an absolute http or https URL/);
    assert.equal((await admin.notifications.get(channelId)).urlDisplay, `${receiver.base}/…`, 'nothing changed');
    await world.screenshot(page, 'notifications-bad-url');

    await form.getByLabel('New URL').fill('');
    await eventBox(form, 'record.succeeded').uncheck();
    await eventBox(form, 'record.failed').uncheck();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await alert.getByText('/body/events', { exact: true }).waitFor();

    // The create form renders the same problem.
    await nav(page, 'Notifications');
    await page.getByRole('button', { name: 'Create channel' }).click();
    const create = page.getByRole('region', { name: 'Create a channel' });
    await create.getByLabel('Channel name').fill('bad-url');
    await create.getByLabel('URL').fill('https://user:secret@receiver.example/x');
    await create.getByRole('button', { name: 'Create channel' }).click();
    assert.match(await create.getByRole('alert').innerText(), /\/body\/url: must not carry a user name or password/);
    assert.equal((await admin.notifications.list()).items.length, 1);
  });

  test('a viewer token reads the channel and its log but is offered no write, which the server refuses anyway', async () => {
    const { page: viewer, context } = await world.newPage();
    try {
      viewer.setDefaultTimeout(10_000);
      await signIn(viewer, viewerToken);
      await viewer.goto(`/ui/notifications/${encodeURIComponent(channelId)}`);
      await viewer.getByRole('heading', { level: 1, name: 'Channel ops-receiver' }).waitFor();
      const before = receiver.received.length;
      const section = viewer.getByRole('region', { name: 'Deliveries' });
      await section.getByRole('row', { name: /notification\.test/ }).first().waitFor();
      assert.equal(await section.getByRole('button', { name: 'Send test' }).count(), 0);
      assert.equal(await viewer.getByRole('region', { name: 'Settings' }).count(), 0);
      assert.equal(await viewer.getByRole('button', { name: 'Delete channel' }).count(), 0);
      assert.match(await viewer.locator('main').innerText(), /Signing secret/, 'the channel\'s facts are shown');
      await viewer.goto('/ui/notifications');
      await viewer.getByRole('table', { name: 'Notification channels' }).waitFor();
      assert.equal(await viewer.getByRole('button', { name: 'Create channel' }).count(), 0);
      // The server stays the authority: the same writes through the API are refused.
      const asViewer = new CapstanClient({ baseUrl: world.url, token: viewerToken });
      for (const write of [() => asViewer.notifications.test(channelId), () => asViewer.notifications.update(channelId, { enabled: true })]) {
        const refused = await write().then(() => null, (error: unknown) => error);
        assert.ok(refused instanceof CapstanApiError && refused.status === 403 && refused.code === 'ROLE_FORBIDS_ACTION');
      }
      assert.equal((await admin.notifications.get(channelId)).enabled, false);
      assert.equal(receiver.received.length, before);
      await world.screenshot(viewer, 'notifications-forbidden');
    } finally {
      await context.close();
    }
  });

  test('a retried message shows its failed attempt, and the table refreshes until the retry is delivered', { timeout: 30_000 }, async () => {
    await page.goto(`/ui/notifications/${encodeURIComponent(channelId)}`);
    await page.getByRole('heading', { level: 1, name: 'Channel ops-receiver' }).waitFor();
    receiver.unavailable.count = 1;
    const before = receiver.received.length;
    await deliveries().getByRole('button', { name: 'Send test' }).click();
    const status = deliveries().getByRole('status');
    await status.getByText(/^Test message msg_test_\w+ queued/).waitFor();
    const messageId = /msg_test_\w+/.exec(await status.innerText())![0];
    const attempts = deliveries().getByRole('row').filter({ has: page.locator(`code[title="${messageId}"]`) });
    const retrying = attempts.filter({ hasText: 'retrying' });
    await retrying.waitFor();
    const cells = (await retrying.locator('td').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(cells.slice(3, 6), ['1', 'retrying', '503']);
    assert.match(cells[7] ?? '', /503.*down for a moment/, 'the receiver\'s answer');
    assert.ok(!cells[7]?.includes('receiver-credential'), 'without the URL\'s query');
    assert.equal(await retrying.getAttribute('class'), 'row-running');
    // A fresh page knows nothing of the test it sent: the retrying row alone keeps the log refreshing (every
    // 1.5 s instead of 15 s) until the retry, which the receiver's Retry-After holds back 4 s, is delivered.
    await page.reload();
    await retrying.waitFor();
    assert.equal(await attempts.filter({ hasText: 'delivered' }).count(), 0, 'the retry has not run yet');
    await attempts.filter({ hasText: 'delivered' }).waitFor({ timeout: 9_000 });
    assert.deepEqual((await attempts.filter({ hasText: 'delivered' }).locator('td').allInnerTexts()).slice(3, 6).map((t) => t.trim()), ['2', 'delivered', '204']);
    assert.equal(receiver.received.length, before + 2);
    assert.equal(receiver.received[before]!.headers['webhook-id'], receiver.received[before + 1]!.headers['webhook-id'], 'the same webhook-id on the retry');
  });

  test('Delete asks first, then removes the channel', async () => {
    await page.goto(`/ui/notifications/${encodeURIComponent(channelId)}`);
    await page.getByRole('heading', { level: 1, name: 'Channel ops-receiver' }).waitFor();
    await page.getByRole('button', { name: 'Delete channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete channel ops-receiver?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await admin.notifications.list()).items.length, 1, 'cancel keeps it');
    await page.getByRole('button', { name: 'Delete channel' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notification channels' }).waitFor();
    await page.getByText('No notification channels yet').waitFor();
    assert.equal((await admin.notifications.list()).items.length, 0);
  });
});
