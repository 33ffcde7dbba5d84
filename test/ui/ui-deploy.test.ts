/**
 * Deploy tasks, hooks and rollback in the web UI (chromium against a real Capstan with the worker on and the
 * loopback Kubernetes API server): upload a hook script, create a pre-deploy hook and see the containers it
 * matches, create a task with text, enum and encrypt parameters, start it from the generated form, follow the
 * record to `succeeded` with its hook run's output, and roll back to an earlier run with a confirmation; then a
 * task whose restart step targets an application chosen at start through a host_group parameter.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CapstanClient } from '../../client/index.ts';
import { deploymentManifest } from '../kube-api-server/index.ts';

const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
import { nav, signIn, startUiWorld, type UiWorld } from './ui-harness.ts';

const TASK = {
  name: 'deploy-shop',
  description: 'Roll out a version of the shop',
  params: [
    { name: 'version', type: 'text', value: '1.0.0', description: 'Image tag' },
    { name: 'env', type: 'enum', value: 'staging', limits: ['staging', 'production'] },
    { name: 'token', type: 'encrypt', value: 'initial-secret', description: 'Release token' },
  ],
  steps: [
    { name: 'set shop image', type: 'set-image', clusterId: 'loop', namespace: 'default', kind: 'Deployment', workload: 'shop-web', container: 'shop-web', image: 'registry.example/shop:${version}' },
  ],
};

describe('web UI: tasks, hooks and rollback', () => {
  let world: UiWorld;
  let page: Page;
  const image = () => {
    const d = world.kube.get('apps/v1', 'Deployment', 'default', 'shop-web') as { spec: { template: { spec: { containers: { image: string }[] } } } };
    return d.spec.template.spec.containers[0]!.image;
  };
  before(async () => {
    world = await startUiWorld();
    world.kube.apply(deploymentManifest({ name: 'shop-web', replicas: 2, labels: { 'app.kubernetes.io/instance': 'shop' }, image: 'registry.example/shop:1.0.0' }));
    await world.kube.settle();
    const client = new CapstanClient({ baseUrl: world.url, token: world.adminToken });
    await client.createCluster({ name: 'Loopback', id: 'loop', kubeconfig: world.kube.kubeconfig });
    await client.createApplication({ name: 'shop', clusterId: 'loop', namespace: 'default' });
    ({ page } = await world.newPage());
    page.setDefaultTimeout(10_000);
    await signIn(page, world.adminToken);
  });
  after(() => world.close());

  test('upload a hook script and create a pre-deploy hook; its page shows the containers it matches', async () => {
    await nav(page, 'Hooks');
    await page.getByText('Execution hooks are on').waitFor();
    await page.getByRole('button', { name: 'Upload script' }).click();
    await page.getByLabel('Script name').fill('announce');
    await page.getByLabel('Script', { exact: true }).fill('#!/bin/sh\necho "announcing release $1"\necho "to stderr" >&2\n');
    await page.locator('form').getByRole('button', { name: 'Upload script' }).click();
    await page.getByRole('cell', { name: 'announce', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Create hook' }).click();
    await page.getByLabel('Hook name').fill('announce-release');
    await page.getByLabel('Action').selectOption('deploy');
    await page.getByLabel('Script', { exact: true }).selectOption({ label: 'announce' });
    await page.getByRole('button', { name: 'Add criterion' }).click();
    await page.getByLabel('Pattern 1').fill('^shop');
    await page.getByLabel('Arguments').fill('v-next');
    await page.locator('form').getByRole('button', { name: 'Create hook' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hook announce-release' }).waitFor();
    const matches = page.getByRole('table', { name: 'Matching containers' });
    await matches.waitFor();
    assert.equal(await matches.getByRole('cell', { name: 'shop-web', exact: true }).count(), 2, 'one per pod of the two replicas');
    await world.screenshot(page, 'hook');
    await nav(page, 'Hooks');
    await world.screenshot(page, 'hooks');
  });

  test('a provided hook can be switched off for one application (an override) and on again', async () => {
    await nav(page, 'Applications');
    await page.getByRole('link', { name: 'shop', exact: true }).click();
    const hooks = page.getByRole('table', { name: 'Hooks of the application' });
    await hooks.getByRole('link', { name: 'announce-release' }).waitFor();
    const provided = hooks.getByRole('checkbox', { name: 'Run netapp-postgresql-pre-snapshot for this application' });
    assert.equal(await provided.isChecked(), true);
    await provided.click(); // the box follows the stored override, so it changes once the API answered
    await hooks.getByText('off (overridden)').waitFor();
    await page.reload();
    await hooks.getByText('off (overridden)').waitFor();
    assert.equal(await provided.isChecked(), false, 'the override is stored');
    await world.screenshot(page, 'application-hooks');
    await provided.click();
    await page.reload();
    await hooks.getByRole('link', { name: 'announce-release' }).waitFor();
    assert.equal(await provided.isChecked(), true);
  });

  test('create a deploy task with the form: parameters of each type, steps added, reordered and removed; JSON for power users', async () => {
    await nav(page, 'Tasks');
    await page.getByText('No deploy tasks yet').waitFor();
    await page.getByRole('button', { name: 'Create task' }).click();
    const form = page.getByRole('form', { name: 'Create a deploy task' });
    const field = (label: string) => form.getByLabel(label, { exact: true });
    await field('Task name').fill(TASK.name);
    await field('Description').fill(TASK.description);
    for (const [i, p] of TASK.params.entries()) {
      const n = i + 1;
      await form.getByRole('button', { name: 'Add parameter' }).click();
      await field(`Parameter ${n} name`).fill(p.name);
      await field(`Parameter ${n} type`).selectOption(p.type);
      await field(`Parameter ${n} default`).fill(p.value);
      if (p.limits) await field(`Parameter ${n} allowed values`).fill('production'); // the default is not allowed: fixed below
      if (p.description) await field(`Parameter ${n} description`).fill(p.description);
    }
    assert.equal(await field('Parameter 3 default').getAttribute('type'), 'password', 'an encrypt default is typed unseen');
    assert.equal(await field('Parameter 1 allowed values').count(), 0, 'only an enum has allowed values');
    const step = TASK.steps[0]!;
    await field('Step 1 name').fill(step.name);
    assert.equal(await field('Step 1 cluster').inputValue(), 'loop', 'the first cluster is proposed');
    await field('Step 1 workload').fill(step.workload);
    await field('Step 1 container').fill(step.container);
    await field('Step 1 image').fill(step.image);
    // A second step, put first with the keyboard, then removed again.
    await form.getByRole('button', { name: 'Add step' }).click();
    await field('Step 2 name').fill('restart shop');
    await field('Step 2 type').selectOption('restart');
    assert.equal(await field('Step 2 image').count(), 0, 'a restart has no image');
    await form.getByRole('button', { name: 'Move step 2 up' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await field('Step 1 name').inputValue(), 'restart shop');
    assert.equal(await field('Step 2 image').inputValue(), step.image);
    await form.getByRole('button', { name: 'Remove step 1' }).click();
    assert.equal(await field('Step 1 name').inputValue(), step.name);
    assert.equal(await field('Step 2 name').count(), 0);

    await form.getByRole('button', { name: 'Create task' }).click();
    assert.match(await page.getByRole('alert').innerText(), /\/body\/params\/1\/value/, 'the server names the wrong field');
    await field('Parameter 2 allowed values').fill(TASK.params[1]!.limits!.join(', '));
    await world.screenshot(page, 'task-create');

    // The JSON view shows the same definition, and edits made there come back into the form.
    await page.getByRole('button', { name: 'Edit as JSON' }).click();
    const json = JSON.parse(await page.getByLabel('Task definition (JSON)').inputValue()) as { params: unknown[]; steps: unknown[] };
    assert.deepEqual(json.params, TASK.params.map((p) => ({ ...p, static: false })));
    assert.deepEqual(json.steps, TASK.steps);
    await page.getByLabel('Task definition (JSON)').fill(JSON.stringify({ ...json, description: 'Roll out a version of the shop (edited as JSON)' }));
    await page.getByRole('button', { name: 'Edit as JSON' }).click();
    assert.equal(await field('Description').inputValue(), 'Roll out a version of the shop (edited as JSON)');

    await form.getByRole('button', { name: 'Create task' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deploy task deploy-shop' }).waitFor();
    await world.screenshot(page, 'task');
  });

  let firstRun = '';
  test('the start form follows the declaration; a run with parameters succeeds and shows its hook run', async () => {
    const form = page.getByRole('form', { name: 'Start the task' });
    assert.equal(await form.getByLabel('env').evaluate((e) => e.tagName), 'SELECT', 'enum → select');
    assert.deepEqual(await form.getByLabel('env').locator('option').allTextContents(), ['staging', 'production']);
    assert.equal(await form.getByLabel('token').getAttribute('type'), 'password', 'encrypt → password');
    assert.equal(await form.getByLabel('token').inputValue(), '', 'a stored secret is never put in the form');
    await form.getByLabel('version').fill('2.0.0');
    await form.getByLabel('env').selectOption('production');
    await form.getByLabel('token').fill('s3cret-token');
    await form.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { level: 1, name: /^Deploy record / }).waitFor();
    firstRun = page.url().split('/').pop()!;
    await page.locator('.facts').getByText('succeeded', { exact: true }).waitFor({ timeout: 20_000 });
    assert.equal(image(), 'registry.example/shop:2.0.0');
    const params = await page.getByRole('table', { name: 'Parameters' }).innerText();
    assert.match(params, /version\s+text\s+2\.0\.0/);
    assert.match(params, /env\s+enum\s+production/);
    assert.match(params, /token\s+encrypt\s+\(encrypted\)/);
    assert.ok(!(await page.content()).includes('s3cret-token'), 'the secret is never shown');
    assert.match(await page.getByRole('table', { name: 'Changes made' }).innerText(), /registry\.example\/shop:1\.0\.0\s+registry\.example\/shop:2\.0\.0/);
    const run = page.locator('li.step', { hasText: 'announce-release' }).first();
    await run.getByText('succeeded', { exact: true }).waitFor();
    await run.getByText(/^Output of announce-release/).click();
    assert.match(await run.locator('pre').first().innerText(), /announcing release v-next/);
    await world.screenshot(page, 'record-task-run');
  });

  test('roll back to the first run after a second one, with a confirmation', async () => {
    await nav(page, 'Tasks');
    await page.getByRole('link', { name: 'deploy-shop' }).click();
    const form = page.getByRole('form', { name: 'Start the task' });
    await form.getByLabel('version').fill('3.0.0');
    await form.getByRole('button', { name: 'Start' }).click();
    await page.locator('.facts').getByText('succeeded', { exact: true }).waitFor({ timeout: 20_000 });
    assert.equal(image(), 'registry.example/shop:3.0.0');

    await page.goto(`/ui/records/${firstRun}`);
    await page.getByRole('button', { name: 'Roll back' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back to this record?' });
    await dialog.waitFor();
    await world.screenshot(page, 'rollback-confirm');
    await page.keyboard.press('Escape');
    assert.equal(await dialog.isVisible(), false, 'Escape cancels');
    await page.getByRole('button', { name: 'Roll back' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await dialog.isVisible(), false);
    await page.getByRole('button', { name: 'Roll back' }).click();
    await dialog.getByRole('button', { name: 'Roll back' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(firstRun));
    await page.locator('.facts').getByText('rollback of').waitFor();
    await page.locator('.facts').getByText('succeeded', { exact: true }).waitFor({ timeout: 20_000 });
    assert.equal(image(), 'registry.example/shop:2.0.0', 'the template the first run left behind is back');
    await world.screenshot(page, 'record-rollback');

    await page.goBack();
    await nav(page, 'Tasks');
    await page.getByRole('link', { name: 'deploy-shop' }).click();
    await page.getByRole('table', { name: 'Runs of the task' }).getByText('rollback of').waitFor();
    await world.screenshot(page, 'task-runs');
    await nav(page, 'Records');
    await world.screenshot(page, 'records');
  });

  test('the overview shows a rollout live while it runs, then puts the failure first', async () => {
    const client = new CapstanClient({ baseUrl: world.url, token: world.adminToken });
    const task = (await client.tasks.list()).items[0]!;
    await nav(page, 'Overview');
    await client.tasks.start(task.id, { version: 'fail-4' }); // pods of a /fail/ image never become ready
    const running = page.getByRole('table', { name: 'Running and queued records' });
    await running.getByRole('progressbar').waitFor();
    await world.screenshot(page, 'overview-running');
    await page.getByRole('heading', { name: 'Failed in the last 24 hours (1)' }).waitFor({ timeout: 20_000 });
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    assert.equal(headings[0], 'Failed in the last 24 hours (1)', 'failures come first');
    assert.match(await page.getByRole('table', { name: 'Failed records' }).innerText(), /progress deadline/);
    await world.screenshot(page, 'overview-failures');
  });
  test('a task whose restart step targets an application chosen at start (a host_group parameter) restarts every workload of it', async () => {
    const client = new CapstanClient({ baseUrl: world.url, token: world.adminToken });
    for (const name of ['cart-web', 'cart-worker']) {
      world.kube.apply(deploymentManifest({ name, replicas: 1, labels: { 'app.kubernetes.io/instance': 'cart', app: name }, image: 'registry.example/cart:1.0.0' }));
    }
    await world.kube.settle();
    const cart = await client.createApplication({ name: 'cart', clusterId: 'loop', namespace: 'default' });
    const restartedAt = (name: string) => (world.kube.get('apps/v1', 'Deployment', 'default', name) as {
      spec: { template: { metadata: { annotations?: Record<string, string> } } };
    }).spec.template.metadata.annotations?.[RESTARTED_AT];
    const shopRestartedAt = restartedAt('shop-web');

    await nav(page, 'Tasks');
    await page.getByRole('button', { name: 'Create task' }).click();
    const form = page.getByRole('form', { name: 'Create a deploy task' });
    const field = (label: string) => form.getByLabel(label, { exact: true });
    const options = (label: string) => field(label).locator('option').allTextContents();
    await field('Task name').fill('restart-cart');
    await form.getByRole('button', { name: 'Add parameter' }).click();
    await field('Parameter 1 name').fill('target');
    await field('Parameter 1 type').selectOption('host_group');
    const helpId = await field('Parameter 1 type').getAttribute('aria-describedby');
    assert.match(await page.locator(`[id="${helpId}"]`).innerText(), /a cluster id or an application id, chosen at start/, 'the type explains itself');
    const defaults = await options('Parameter 1 default');
    assert.equal(defaults[0], 'None (chosen at start)');
    assert.deepEqual(defaults.slice(1).sort(), ['application cart (loop/default)', 'application shop (loop/default)', 'cluster Loopback (loop)'],
      'a default may be any cluster or application');

    await field('Step 1 name').fill('restart cart');
    await field('Step 1 type').selectOption('restart');
    assert.deepEqual(await options('Step 1 cluster'), ['Loopback (loop)', '${target} (host_group parameter, chosen at start)'], 'clusters and the host group');
    // The target is chosen with the keyboard: Workload → Application.
    assert.equal(await field('Step 1 target').inputValue(), 'workload');
    await field('Step 1 target').focus();
    await page.keyboard.press('ArrowDown');
    assert.equal(await field('Step 1 target').inputValue(), 'application');
    assert.equal(await field('Step 1 cluster').count(), 0, 'an application chooses its own cluster');
    assert.equal(await field('Step 1 workload').count(), 0);
    assert.deepEqual((await options('Step 1 application')).sort(),
      ['${target} (host_group parameter, chosen at start)', 'Choose an application…', 'cart (loop/default)', 'shop (loop/default)'].sort());
    await field('Step 1 application').selectOption('${target}');
    await world.screenshot(page, 'task-create-application-target');

    // The API body is exactly the application shape, and reading it back restores the form.
    await page.getByRole('button', { name: 'Edit as JSON' }).click();
    const json = JSON.parse(await page.getByLabel('Task definition (JSON)').inputValue()) as { params: unknown[]; steps: unknown[] };
    assert.deepEqual(json.params, [{ name: 'target', type: 'host_group', value: '', static: false }]);
    assert.deepEqual(json.steps, [{ name: 'restart cart', type: 'restart', applicationId: '${target}' }]);
    await page.getByRole('button', { name: 'Edit as JSON' }).click();
    assert.equal(await field('Parameter 1 type').inputValue(), 'host_group');
    assert.equal(await field('Step 1 target').inputValue(), 'application');
    assert.equal(await field('Step 1 application').inputValue(), '${target}');

    await form.getByRole('button', { name: 'Create task' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deploy task restart-cart' }).waitFor();
    const taskId = page.url().split('/').pop()!;
    const stored = await client.tasks.get(taskId);
    assert.deepEqual(stored.steps, [{ name: 'restart cart', type: 'restart', enabled: true, applicationId: '${target}', waitRollout: true }]);

    // The start form offers applications only: the steps use the parameter as an application.
    const start = page.getByRole('form', { name: 'Start the task' });
    const target = start.getByLabel('target', { exact: true });
    assert.equal(await target.evaluate((e) => e.tagName), 'SELECT', 'host_group → select');
    assert.deepEqual((await target.locator('option').allTextContents()).sort(), ['Choose an application…', 'cart (loop/default)', 'shop (loop/default)']);
    await target.selectOption({ label: 'cart (loop/default)' });
    await world.screenshot(page, 'task-start-host-group');
    await start.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { level: 1, name: /^Deploy record / }).waitFor();
    await page.locator('.facts').getByText('succeeded', { exact: true }).waitFor({ timeout: 20_000 });
    await world.screenshot(page, 'record-application-restart');

    const record = await client.records.get(page.url().split('/').pop()!);
    assert.equal(record.state, 'succeeded');
    assert.equal(record.taskId, taskId);
    assert.deepEqual(record.params, [{ key: 'target', type: 'host_group', value: cart.id }], 'the chosen application id is the run\'s value');
    assert.deepEqual(record.plan.map((s) => [s.type, s.applicationId]), [['restart', cart.id]], 'the parameter was resolved into the plan');
    assert.deepEqual(record.steps.map((s) => [s.type, s.state]), [['restart', 'succeeded']]);
    assert.deepEqual(record.steps[0]!.workloads.map((w) => [w.clusterId, w.namespace, w.kind, w.name, w.state]).sort(), [
      ['loop', 'default', 'Deployment', 'cart-web', 'succeeded'],
      ['loop', 'default', 'Deployment', 'cart-worker', 'succeeded'],
    ]);
    assert.match(restartedAt('cart-web') ?? '', /^\d{4}-\d\d-\d\dT/, 'cart-web was restarted');
    assert.match(restartedAt('cart-worker') ?? '', /^\d{4}-\d\d-\d\dT/, 'cart-worker was restarted');
    assert.equal(restartedAt('shop-web'), shopRestartedAt, 'a workload of another application was not touched');

    // When the applications cannot be listed, the value can still be typed, and the list's error is shown.
    const applications = /\/api\/v1\/applications(\?|$)/;
    await page.route(applications, (route) => route.fulfill({
      status: 503, contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'UNAVAILABLE', detail: 'the store is away' }),
    }));
    await page.goto(`/ui/tasks/${taskId}`);
    const typed = start.getByRole('textbox', { name: 'target', exact: true });
    await typed.waitFor();
    assert.match(await start.getByRole('alert').innerText(), /the store is away/);
    assert.match(await page.locator(`[id="${await typed.getAttribute('aria-describedby')}"]`).innerText(), /type the application id/);
    await typed.fill(cart.id);
    await start.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { level: 1, name: /^Deploy record / }).waitFor();
    await page.locator('.facts').getByText('succeeded', { exact: true }).waitFor({ timeout: 20_000 });
    assert.deepEqual((await client.records.get(page.url().split('/').pop()!)).params, [{ key: 'target', type: 'host_group', value: cart.id }]);
    await page.unroute(applications);
  });
});
