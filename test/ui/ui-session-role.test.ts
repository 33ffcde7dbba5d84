/**
 * The signed-in token's role in Debian's chromium against a real Capstan: the UI reads GET /api/v1/session once at
 * sign-in and leaves out what the role cannot use. A viewer (and a member) sees neither the "Audit log" navigation
 * entry nor the overview's backup download, but still the read-only pages; an admin sees both. The header names
 * the role. Screenshots: test-output/screenshots/session-role-*.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CapstanClient, type Role } from '../../client/index.ts';
import { nav, signIn, startUiWorld, type UiWorld } from './ui-harness.ts';

describe('web UI: what the signed-in role is offered', () => {
  let world: UiWorld;
  const tokens = new Map<Role, string>();
  before(async () => {
    world = await startUiWorld();
    const admin = new CapstanClient({ baseUrl: world.url, token: world.adminToken });
    tokens.set('admin', world.adminToken);
    for (const role of ['viewer', 'member'] as const) tokens.set(role, (await admin.createToken({ name: `ui-session-${role}`, role })).token);
  });
  after(() => world?.close());

  async function signedInAs(role: Role): Promise<{ page: Page; close: () => Promise<void> }> {
    const { page, context } = await world.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, tokens.get(role)!);
    // The overview's sections are loaded once its records are: wait for the last always-present one.
    await page.getByRole('region', { name: 'Recent deploy records' }).waitFor();
    return { page, close: () => context.close() };
  }

  const navigation = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  for (const role of ['viewer', 'member'] as const) {
    test(`a ${role} sees no Audit log entry and no backup download, but the read-only pages`, async () => {
      const { page, close } = await signedInAs(role);
      try {
        assert.match(await page.locator('header.topbar').innerText(), new RegExp(`\\(${role}\\)`));
        assert.equal(await navigation(page).getByRole('link', { name: 'Audit log', exact: true }).count(), 0);
        assert.equal(await page.getByRole('region', { name: 'Backup' }).count(), 0);
        assert.equal(await page.getByRole('button', { name: 'Download backup' }).count(), 0);
        await world.screenshot(page, `session-role-${role}`);
        await nav(page, 'Notifications');
        await page.getByRole('heading', { level: 1, name: 'Notification channels' }).waitFor();
        assert.equal(await page.getByRole('button', { name: 'Create channel' }).count(), 0);
        await nav(page, 'Records');
        await page.getByRole('heading', { level: 1, name: 'Deploy records' }).waitFor();
      } finally {
        await close();
      }
    });
  }

  test('an admin sees the Audit log entry, the backup download and "Create channel"', async () => {
    const { page, close } = await signedInAs('admin');
    try {
      assert.match(await page.locator('header.topbar').innerText(), /\(admin\)/);
      await page.getByRole('region', { name: 'Backup' }).getByRole('button', { name: 'Download backup' }).waitFor();
      await world.screenshot(page, 'session-role-admin');
      await nav(page, 'Audit log');
      await page.getByRole('table', { name: 'Audit log' }).waitFor();
      await nav(page, 'Notifications');
      await page.getByRole('button', { name: 'Create channel' }).waitFor();
    } finally {
      await close();
    }
  });
});
