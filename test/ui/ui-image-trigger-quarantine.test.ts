/**
 * The image trigger page's "Quarantined images" in Debian's chromium against a real Capstan (SQLite, worker on)
 * and the loopback Kubernetes API server: two pushes fire the trigger, a rollback takes the second image away and
 * quarantines it, a re-tagged push of it is held back (shown on the entry and on the Registries page), and the
 * Release button (with its confirmation) lets pushes of it fire again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { deploymentManifest } from '../kube-api-server/index.ts';
import { signIn, startUiWorld, type UiWorld } from './ui-harness.ts';

const HOST = 'registry.test:5000';
const SECRET = 'ui-quarantine-secret';
const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const A = digest('a');

describe('web UI: quarantined images of an image trigger', () => {
  let world: UiWorld;
  let page: Page;
  let triggerId = '';
  let receiverUrl = '';

  async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(path.startsWith('http') ? path : `${world.url}${path}`, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${world.adminToken}`, 'content-type': 'application/json', ...headers },
    });
    return { status: res.status, json: await res.json().catch(() => null) as Record<string, unknown> };
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let tries = 0; ; tries++) {
      const value = await probe();
      if (value !== undefined) return value;
      assert.ok(tries < 300, what);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function deliver(tag: string, pushed: string): Promise<string> {
    const event = {
      id: randomUUID(), timestamp: new Date().toISOString(), action: 'push', actor: { name: 'ci' }, request: { host: HOST },
      target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', repository: 'team/cart', tag, digest: pushed },
    };
    const res = await api('POST', receiverUrl, { events: [event] }, { 'content-type': 'application/vnd.docker.distribution.events.v1+json', authorization: `Bearer ${SECRET}` });
    assert.equal(res.status, 202, JSON.stringify(res.json));
    return (res.json.events as { id: string }[])[0]!.id;
  }

  /** Delivers a push that fires, and returns its finished record's id. */
  async function fire(tag: string, pushed: string): Promise<string> {
    const eventId = await deliver(tag, pushed);
    return until(`the push of ${tag} fired`, async () => {
      const logs = (await api('GET', `/api/v1/trigger-logs?triggerId=${triggerId}`)).json.items as { eventId: string; status: string; recordId: string }[];
      const log = logs.find((l) => l.eventId === eventId);
      return log && log.status === 'succeeded' ? log.recordId : undefined;
    });
  }

  const entries = async () => (await api('GET', `/api/v1/image-triggers/${triggerId}/quarantine`)).json.items as { id: string; heldCount: number }[];

  before(async () => {
    world = await startUiWorld();
    world.kube.apply(deploymentManifest({ name: 'cart', containers: [{ name: 'cart', image: `${HOST}/team/cart:v0` }] }));
    await world.kube.settle();
    assert.equal((await api('POST', '/api/v1/clusters', { id: 'loop', name: 'loopback', kubeconfig: world.kube.kubeconfig })).status, 201);
    const trigger = await api('POST', '/api/v1/image-triggers', {
      name: 'cart-release', repository: 'team/cart', condition: { method: 'all' }, clusterId: 'loop', namespace: 'default', workloadName: 'cart', containerName: 'cart',
    });
    assert.equal(trigger.status, 201, JSON.stringify(trigger.json));
    triggerId = String(trigger.json.id);
    const receiver = await api('POST', '/api/v1/registry-receivers', { name: 'ui-quarantine', sender: 'distribution', secret: SECRET });
    receiverUrl = String(receiver.json.url);

    const good = await fire('v1', digest('0'));
    await fire('v2', A);
    const rollback = await api('POST', `/api/v1/deploy-records/${good}/rollback`, {});
    assert.equal(rollback.status, 202, JSON.stringify(rollback.json));
    await until('the rollback quarantined A', async () => ((await entries()).length === 1 ? true : undefined));
    // The same image re-tagged: held back, not fired.
    await deliver('latest', A);
    await until('the re-tagged push was held back', async () => ((await entries())[0]?.heldCount === 1 ? true : undefined));

    ({ page } = await world.newPage());
    page.setDefaultTimeout(10_000);
    await signIn(page, world.adminToken);
  });
  after(() => world.close());

  test('the trigger page lists the quarantined image with the records, who and the pushes it held back', async () => {
    await page.goto(`/ui/image-triggers/${triggerId}`);
    const section = page.getByRole('region', { name: 'Quarantined images' });
    const table = section.getByRole('table', { name: 'Quarantined images' });
    const row = table.getByRole('row').filter({ hasText: 'team/cart:v2' });
    await row.waitFor();
    assert.match(await row.innerText(), /sha256:aaaaaaaaaaaa…/);
    assert.match(await row.innerText(), /1 push, last/);
    assert.match(await row.innerText(), /bootstrap-admin/, 'who rolled back');
    await world.screenshot(page, 'image-trigger-quarantine');

    await page.goto('/ui/registries');
    const pushes = page.getByRole('table', { name: 'Accepted pushes' });
    const held = pushes.getByRole('row').filter({ hasText: 'team/cart:latest' });
    await held.waitFor();
    assert.match(await held.innerText(), new RegExp(`quarantined: Not fired: digest ${A} is quarantined for image trigger cart-release`));
  });

  test('Release asks first; confirmed, the entry goes and a new push of the image fires', async () => {
    await page.goto(`/ui/image-triggers/${triggerId}`);
    const section = page.getByRole('region', { name: 'Quarantined images' });
    await section.getByRole('button', { name: 'Release' }).click();
    const dialog = page.getByRole('dialog', { name: `Release ${A}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await entries()).length, 1, 'cancel releases nothing');

    await section.getByRole('button', { name: 'Release' }).click();
    await dialog.getByRole('button', { name: 'Release' }).click();
    await section.getByText('Nothing quarantined').waitFor();
    assert.deepEqual(await entries(), []);
    await fire('stable', A);
  });
});
