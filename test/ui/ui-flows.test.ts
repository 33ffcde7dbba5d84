/**
 * The web UI in Debian's chromium against a real Capstan (SQLite, worker on) and the loopback Kubernetes API
 * server: sign in with a token, add a cluster by pasting its kubeconfig, create an application, create a redeploy
 * trigger and call its URL as a CI job would, watch the invocation's record reach `succeeded`, create an image
 * trigger with its live tag preview, and browse the trigger log. Each main page is saved as a screenshot in
 * test-output/screenshots/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { deploymentManifest } from '../kube-api-server/index.ts';
import { nav, signIn, startUiWorld, type UiWorld } from './ui-harness.ts';

describe('web UI', () => {
  let world: UiWorld;
  let page: Page;
  before(async () => {
    world = await startUiWorld();
    world.kube.apply(deploymentManifest({ name: 'shop-web', replicas: 2, labels: { 'app.kubernetes.io/instance': 'shop', 'kustomize.toolkit.fluxcd.io/name': 'shop' }, image: 'registry.example/shop:1.0.0' }));
    await world.kube.settle();
    ({ page } = await world.newPage());
    page.setDefaultTimeout(10_000);
  });
  after(() => world.close());

  test('a wrong token is refused with the API\'s own message; the right one opens the overview', async () => {
    await page.goto('/');
    await page.getByLabel('API token').fill('not-a-real-token');
    await page.getByLabel('API token').press('Enter'); // the form submits from the keyboard
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Token is not valid\s+TOKEN_INVALID/);
    await world.screenshot(page, 'sign-in');

    await signIn(page, world.adminToken);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('capstan.token')), world.adminToken, 'kept in sessionStorage');
    await page.getByText('No deploy records yet').waitFor();
    await world.screenshot(page, 'overview-empty');
  });

  test('a reload keeps the session; a deep link opens its page', async () => {
    await page.goto('/ui/clusters');
    await page.getByRole('heading', { level: 1, name: 'Clusters' }).waitFor();
    await page.getByText('No clusters yet').waitFor();
  });

  test('keyboard: the first Tab reaches "Skip to content", and the navigation works with Enter', async () => {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Overview');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.goto('/ui/clusters');
    await page.getByText('No clusters yet').waitFor();
  });

  test('add a cluster by pasting a kubeconfig; it is reachable', async () => {
    await page.getByRole('button', { name: 'Add cluster' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Loopback');
    await page.getByLabel('Id', { exact: true }).fill('loop');
    await page.getByLabel('Kubeconfig', { exact: true }).fill('not: a kubeconfig');
    await page.locator('form').getByRole('button', { name: 'Add cluster' }).click();
    await page.getByRole('alert').getByText('KUBECONFIG_INVALID').waitFor();

    await page.getByLabel('Kubeconfig', { exact: true }).fill(world.kube.kubeconfig);
    await page.locator('form').getByRole('button', { name: 'Add cluster' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cluster Loopback' }).waitFor();
    await page.getByText('reachable', { exact: true }).waitFor();
    await world.screenshot(page, 'cluster');
    await nav(page, 'Clusters');
    await page.getByRole('cell', { name: /reachable/ }).waitFor();
    await world.screenshot(page, 'clusters');
  });

  test('create an application and see the workloads its selector matches', async () => {
    await nav(page, 'Applications');
    await page.getByRole('button', { name: 'Create application' }).click();
    await page.getByLabel('Name', { exact: true }).fill('shop');
    await page.locator('form').getByRole('button', { name: 'Create application' }).click();
    await page.getByRole('heading', { level: 1, name: 'Application shop' }).waitFor();
    await page.getByRole('cell', { name: 'shop-web', exact: true }).waitFor();
    const workloads = await page.getByRole('table', { name: 'Workloads' }).innerText();
    assert.match(workloads, /registry\.example\/shop:1\.0\.0/);
    assert.match(workloads, /Flux \(Kustomization shop\)/, 'the GitOps tool that reconciles it is shown');
    await world.screenshot(page, 'application');
    await nav(page, 'Applications');
    await page.getByRole('table', { name: 'Applications' }).getByRole('link', { name: 'shop' }).waitFor();
    await world.screenshot(page, 'applications');
  });

  test('create a trigger, copy its URL once, call it, and watch the record succeed', async () => {
    await nav(page, 'Triggers');
    await page.getByText('No triggers yet').waitFor();
    await page.getByRole('button', { name: 'Create trigger' }).click();
    await page.getByLabel('Deployment', { exact: true }).fill('shop-web');
    await page.locator('form').getByRole('button', { name: 'Create trigger' }).click();
    const urlField = page.getByRole('textbox', { name: 'Trigger URL' });
    await urlField.waitFor();
    const url = await urlField.inputValue();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/hook\/trigger\?token=/);
    await page.getByRole('region', { name: 'Trigger URL' }).getByRole('button', { name: 'Copy' }).click();
    await page.getByText(/^Copied\./).waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), url);
    await world.screenshot(page, 'trigger-created');

    const call = await fetch(url, { method: 'POST' });
    assert.equal(call.status, 200);
    const { requestId } = await call.json() as { requestId: string };

    await page.getByRole('button', { name: 'Done' }).click();
    assert.equal(await page.getByRole('textbox', { name: 'Trigger URL' }).count(), 0, 'the URL is gone once dismissed');
    await page.getByRole('link', { name: /shop-web-redeploy-/ }).click();
    const row = page.getByRole('row', { name: new RegExp(requestId.slice(-12)) });
    await row.getByText('succeeded', { exact: true }).waitFor({ timeout: 20_000 });
    await world.screenshot(page, 'trigger');
    await row.getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: `Deploy record ${requestId.slice(-12)}` }).waitFor();
    await page.getByRole('button', { name: 'Roll back' }).waitFor();
    await world.screenshot(page, 'record');
  });

  test('the overview lists the record', async () => {
    await nav(page, 'Overview');
    await page.getByRole('table', { name: 'Recent records' }).getByText('succeeded').first().waitFor();
    await world.screenshot(page, 'overview');
  });

  test('create an image trigger: the preview says which tags would fire, and a bad pattern shows the server\'s message', async () => {
    await nav(page, 'Image triggers');
    await page.getByRole('button', { name: 'Create image trigger' }).click();
    await page.getByLabel('Trigger name').fill('shop-releases');
    await page.getByLabel('Repository', { exact: true }).fill('team/shop');
    await page.getByLabel('Pattern').fill('^v(\\d+');
    await page.getByLabel('Try tags').fill('v1.2.3, latest, v2.0.0-rc1');
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /CONDITION|INVALID|VALIDATION/);
    await page.getByLabel('Pattern').fill('^v\\d+\\.\\d+\\.\\d+$');
    await page.getByText('1 of 3 would fire.').waitFor();
    await world.screenshot(page, 'image-trigger-create');
    await page.getByLabel('Namespace').fill('default');
    await page.getByLabel('Workload name').fill('shop-web');
    await page.getByLabel('Container').fill('shop-web');
    await page.locator('form').getByRole('button', { name: 'Create image trigger' }).click();
    await page.getByRole('heading', { level: 1, name: 'Image trigger shop-releases' }).waitFor();
    await page.getByText('Not fired yet').waitFor();
    await world.screenshot(page, 'image-trigger');
    await nav(page, 'Image triggers');
    await page.getByRole('table', { name: 'Image triggers' }).getByText('tag ~ ^v\\d+\\.\\d+\\.\\d+$').waitFor();
    await world.screenshot(page, 'image-triggers');
  });

  test('add a registry receiver: its URL is shown to point the registry at', async () => {
    await nav(page, 'Registries');
    await page.getByText('No receivers').waitFor();
    await page.getByRole('button', { name: 'Add receiver' }).click();
    await page.getByLabel('Receiver name').fill('local-registry');
    await page.getByLabel('Sender').selectOption('distribution');
    await page.getByLabel('Secret').fill('a-shared-secret-value');
    await page.locator('form').getByRole('button', { name: 'Add receiver' }).click();
    const url = await page.getByRole('textbox', { name: 'Receiver URL of local-registry' }).inputValue();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/registry-events\/\S+$/);
    await page.getByRole('table', { name: 'Webhook receivers' }).getByRole('cell', { name: 'local-registry' }).waitFor();
    await world.screenshot(page, 'registries');
  });

  test('the trigger log page filters through the address', async () => {
    await page.goto('/ui/trigger-logs?status=failed&repository=team%2Fshop');
    await page.getByRole('heading', { level: 1, name: 'Trigger log' }).waitFor();
    assert.equal(await page.getByLabel('Repository').inputValue(), 'team/shop');
    assert.equal(await page.getByLabel('Status').inputValue(), 'failed');
    await page.getByText('No firings match').waitFor();
    await world.screenshot(page, 'trigger-log');
  });

  test('the trigger log sorts on the server: a one-row page shows the oldest firing first when sorted ascending', async () => {
    const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(path.startsWith('http') ? path : `${world.url}${path}`, {
        method, headers: { authorization: `Bearer ${world.adminToken}`, 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: await res.json().catch(() => null) as Record<string, unknown> };
    };
    const receiver = await api('POST', '/api/v1/registry-receivers', { name: 'sorting-registry', sender: 'distribution', secret: 'sorting-secret-value' });
    assert.equal(receiver.status, 201);
    // Two tagged pushes of team/shop, one after the other has fired (so their firing order is certain).
    for (const [i, tag] of ['v7.0.0', 'v7.0.1'].entries()) {
      const event = {
        id: `sort-push-${i}`, timestamp: new Date().toISOString(), action: 'push',
        target: { mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: `sha256:${String(i).repeat(64)}`, length: 1, repository: 'team/shop', tag },
        request: { id: `r${i}`, addr: 'client.local', host: 'registry.example', method: 'PUT', useragent: 'test/0.1' }, actor: { name: 'ci' }, source: { addr: 'registry.local:5000' },
      };
      const delivered = await api('POST', String(receiver.json.url), { events: [event] }, { 'content-type': 'application/vnd.docker.distribution.events.v1+json', authorization: 'Bearer sorting-secret-value' });
      assert.equal(delivered.status, 202, JSON.stringify(delivered.json));
      for (let tries = 0; ; tries++) {
        const logs = await api('GET', '/api/v1/trigger-logs?repository=team/shop');
        if ((logs.json.items as unknown[]).length === i + 1) break;
        assert.ok(tries < 200, 'the push fired the image trigger');
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await page.goto('/ui/trigger-logs?repository=team%2Fshop&size=1');
    const table = page.getByRole('table', { name: 'Trigger log' });
    await table.getByText('team/shop:v7.0.1', { exact: true }).waitFor();
    const fired = table.getByRole('columnheader', { name: /Fired/ });
    assert.equal(await fired.getAttribute('aria-sort'), 'descending', 'newest first by default');
    assert.equal(await table.getByText('team/shop:v7.0.0', { exact: true }).count(), 0, 'one row per page');
    await fired.getByRole('button').click();
    await table.getByText('team/shop:v7.0.0', { exact: true }).waitFor();
    assert.equal(await fired.getAttribute('aria-sort'), 'ascending');
    assert.match(page.url(), /order=asc/);
    await page.getByRole('button', { name: /Next/ }).click();
    await table.getByText('team/shop:v7.0.1', { exact: true }).waitFor();
    const trigger = table.getByRole('columnheader', { name: /Trigger/ });
    await trigger.getByRole('button').press('Enter');
    await page.waitForURL(/orderBy=triggerName/);
    assert.equal(await trigger.getAttribute('aria-sort'), 'descending');
    assert.equal(await fired.getAttribute('aria-sort'), null);
    await world.screenshot(page, 'trigger-log-sorted');
  });

  test('signing out forgets the token', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('capstan.token')), null);
  });
});
