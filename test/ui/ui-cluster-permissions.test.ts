/**
 * The cluster page's "Check permissions" form in Debian's chromium against a real Capstan and the loopback
 * Kubernetes API server with chosen RBAC denials: the missing permissions come first, highlighted, with their
 * features; a namespace that is not a DNS label shows the server's field error; a fully granted namespace says
 * so. Screenshot: test-output/screenshots/cluster-permissions.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { CapstanClient } from '../../client/index.ts';
import { signIn, startUiWorld, type UiWorld } from './ui-harness.ts';

describe('web UI: cluster permissions', () => {
  let world: UiWorld;
  let page: Page;
  let section: Locator;
  before(async () => {
    world = await startUiWorld();
    await new CapstanClient({ baseUrl: world.url, token: world.adminToken }).createCluster({ id: 'loop', name: 'Loopback', kubeconfig: world.kube.kubeconfig });
    ({ page } = await world.newPage());
    page.setDefaultTimeout(10_000);
    await signIn(page, world.adminToken);
    await page.goto('/ui/clusters/loop');
    await page.getByRole('heading', { level: 1, name: 'Cluster Loopback' }).waitFor();
    section = page.getByRole('region', { name: 'Check permissions' });
  });
  after(() => world.close());

  const runCheck = async (namespace: string) => {
    await section.getByLabel('Namespace').fill(namespace);
    await section.getByRole('button', { name: 'Check permissions' }).click();
  };

  test('denied permissions are listed first, highlighted, with the features that need them', async () => {
    world.kube.denyAccess({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'shop' });
    world.kube.denyAccess({ verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: 'shop', reason: 'exec is not granted here' });
    try {
      await runCheck('shop');
      await section.getByRole('status').getByText('2 of 15 permissions are missing in namespace shop').waitFor();
      const rows = section.getByRole('table', { name: 'Permissions in namespace shop' }).locator('tbody tr');
      assert.equal(await rows.count(), 15);
      const cells = async (i: number) => (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(await cells(0), ['missing', 'patch', 'deployments.apps', 'restart, set image and rollback', 'none given']);
      assert.deepEqual(await cells(1), ['missing', 'create', 'pods/exec', 'execution hooks (exec, Kubernetes 1.35 and later)', 'exec is not granted here']);
      assert.equal((await cells(2))[0], 'granted');
      assert.equal(await rows.nth(0).getAttribute('class'), 'row-failed', 'missing rows are highlighted');
      assert.equal(await rows.nth(2).getAttribute('class'), null);
      assert.equal(await section.locator('tbody tr.row-failed').count(), 2);
      await world.screenshot(page, 'cluster-permissions');
    } finally {
      world.kube.clearDenials();
    }
  });

  test('a fully granted namespace says so; a bad namespace shows the server\'s field error', async () => {
    await runCheck('default');
    await section.getByRole('status').getByText('All 15 permissions Capstan uses in namespace default are granted.').waitFor();
    assert.equal(await section.locator('tbody tr.row-failed').count(), 0);

    await runCheck('Not_A_Label');
    const alert = section.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /Request validation failed\s+VALIDATION_FAILED/);
    assert.match(text, /\/query\/namespace/);
    assert.equal(await section.getByRole('table').count(), 0, 'no stale result under the error');
  });
});
