/**
 * The signed-in token's role in Debian's chromium against a real Capstan: the UI reads GET /api/v1/session once at
 * sign-in and leaves out what the role cannot use. A viewer (and a member) sees neither the "Audit log" navigation
 * entry nor the overview's backup download, but still the read-only pages; an admin sees both. The header names
 * the role. A viewer reads clusters, applications, tasks and records without any create, delete, start or roll-back
 * control (the server refuses them with 403); a member is offered each of them. Screenshots:
 * test-output/screenshots/session-role-*.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CapstanClient, FINAL_RECORD_STATES, type Role } from '../../client/index.ts';
import { deploymentManifest } from '../kube-api-server/index.ts';
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

  test('a viewer sees no create, delete, start or roll-back controls on clusters, applications, tasks and records; a member does', async () => {
    world.kube.apply(deploymentManifest({ name: 'role-web', replicas: 1, labels: { 'app.kubernetes.io/instance': 'role-web' }, image: 'registry.example/role:1' }));
    await world.kube.settle();
    const admin = new CapstanClient({ baseUrl: world.url, token: world.adminToken });
    await admin.createCluster({ name: 'Role loop', id: 'role-loop', kubeconfig: world.kube.kubeconfig });
    const app = await admin.createApplication({ name: 'role-web', clusterId: 'role-loop', namespace: 'default' });
    const task = await admin.tasks.create({
      name: 'role-restart', steps: [{ name: 'restart', type: 'restart', clusterId: 'role-loop', namespace: 'default', kind: 'Deployment', workload: 'role-web' }],
    });
    const started = await admin.tasks.start(task.id, {});
    // The roll-back control is offered on finished records only.
    for (let i = 0; i < 200 && !FINAL_RECORD_STATES.has((await admin.records.get(started.id)).state); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await admin.records.get(started.id)).state, 'succeeded');

    // [page, heading, a control only a token with write or deploy may use]
    const checks: readonly (readonly [string, RegExp | string, { role: 'button' | 'form'; name: string }])[] = [
      ['/ui/clusters', 'Clusters', { role: 'button', name: 'Add cluster' }],
      ['/ui/clusters/role-loop', 'Cluster Role loop', { role: 'button', name: 'Delete cluster' }],
      ['/ui/apps', 'Applications', { role: 'button', name: 'Create application' }],
      [`/ui/apps/${app.id}`, 'Application role-web', { role: 'button', name: 'Delete application' }],
      ['/ui/tasks', 'Deploy tasks', { role: 'button', name: 'Create task' }],
      [`/ui/tasks/${task.id}`, 'Deploy task role-restart', { role: 'button', name: 'Delete task' }],
      [`/ui/tasks/${task.id}`, 'Deploy task role-restart', { role: 'form', name: 'Start the task' }],
      [`/ui/records/${started.id}`, /^Deploy record /, { role: 'button', name: 'Roll back' }],
    ];
    for (const role of ['viewer', 'member'] as const) {
      const { page, close } = await signedInAs(role);
      try {
        for (const [path, heading, control] of checks) {
          await page.goto(path);
          await page.getByRole('heading', { level: 1, name: heading }).waitFor();
          // What every role reads is there before the absence of the control is checked.
          await page.locator('main table, main dl.facts').first().waitFor();
          const found = page.getByRole(control.role, { name: control.name, exact: true });
          if (role === 'member') await found.first().waitFor();
          else assert.equal(await found.count(), 0, `a viewer is offered "${control.name}" on ${path}`);
        }
        await world.screenshot(page, `session-role-${role}-record`);
      } finally {
        await close();
      }
    }
    // The UI only leaves out what the server refuses anyway.
    const asViewer = new CapstanClient({ baseUrl: world.url, token: tokens.get('viewer')! });
    await assert.rejects(asViewer.records.rollback(started.id), (e: unknown) => (e as { status?: number }).status === 403);
    await assert.rejects(asViewer.deleteCluster('role-loop'), (e: unknown) => (e as { status?: number }).status === 403);
  });
});
