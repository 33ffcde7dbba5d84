/**
 * The no-downgrade guard in the web UI (Debian's chromium against a real Capstan): the create form's "Allow
 * downgrades" checkbox (off by default) and the trigger page's Downgrades section, which shows and changes it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { signIn, startUiWorld, type UiWorld } from './ui-harness.ts';

describe('web UI: allowDowngrade on image triggers', () => {
  let world: UiWorld;
  let page: Page;

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${world.url}${path}`, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${world.adminToken}`, 'content-type': 'application/json' },
    });
    return { status: res.status, json: await res.json().catch(() => null) as Record<string, unknown> };
  }

  before(async () => {
    world = await startUiWorld();
    assert.equal((await api('POST', '/api/v1/clusters', { id: 'loop', name: 'loopback', kubeconfig: world.kube.kubeconfig })).status, 201);
    ({ page } = await world.newPage());
    page.setDefaultTimeout(10_000);
    await signIn(page, world.adminToken);
  });
  after(() => world.close());

  test('the create form offers the checkbox, off; ticked, the trigger allows downgrades', async () => {
    await page.goto('/ui/image-triggers');
    await page.getByRole('button', { name: /create image trigger/i }).first().click();
    const box = page.getByLabel('Allow downgrades');
    assert.equal(await box.isChecked(), false);
    await page.getByLabel('Trigger name').fill('ui-open');
    await page.getByLabel('Repository').fill('team/ui');
    await page.getByLabel('Fire for').selectOption('all');
    await page.getByLabel('Workload name').fill('web');
    await page.getByLabel('Container').fill('web');
    await box.check();
    await page.getByRole('button', { name: 'Create image trigger' }).last().click();
    await page.getByRole('heading', { level: 1, name: 'Image trigger ui-open' }).waitFor();
    const id = page.url().split('/').pop() as string;
    assert.equal((await api('GET', `/api/v1/image-triggers/${id}`)).json.allowDowngrade, true);
  });

  test('the trigger page shows the guard and changes it', async () => {
    const created = await api('POST', '/api/v1/image-triggers', {
      name: 'ui-guarded', repository: 'team/ui', condition: { method: 'all' }, clusterId: 'loop', namespace: 'default', workloadName: 'web', containerName: 'web',
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const id = String(created.json.id);
    await page.goto(`/ui/image-triggers/${id}`);
    await page.getByText('skipped: an older semantic version than the running one is not deployed').waitFor();
    const section = page.getByRole('region', { name: 'Downgrades' });
    const box = section.getByLabel('Allow downgrades');
    assert.equal(await box.isChecked(), false);
    assert.equal(await section.getByRole('button', { name: 'Save downgrades' }).isDisabled(), true, 'nothing to save yet');
    await box.check();
    await section.getByRole('button', { name: 'Save downgrades' }).click();
    await page.getByText('allowed: every matching push deploys').waitFor();
    assert.equal((await api('GET', `/api/v1/image-triggers/${id}`)).json.allowDowngrade, true);
    await world.screenshot(page, 'image-trigger-downgrades');
  });
});
