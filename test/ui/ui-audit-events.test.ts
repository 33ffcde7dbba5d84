/**
 * The audit log page (/ui/audit) in Debian's chromium against a real Capstan: an admin sees the calls that asked
 * for a change, newest first, with actor, action, target (linked to the resource's page when the UI has one),
 * status and outcome; filtering by outcome keeps only a viewer's refused write, and the filter lives in the address
 * (a reload keeps it, the actor link adds to it); a viewer token is not offered the page, and opening it by its
 * address shows the server's 403.
 * Screenshots: test-output/screenshots/audit-log*.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { CapstanApiError, CapstanClient } from '../../client/index.ts';
import { nav, signIn, startUiWorld, type UiWorld } from './ui-harness.ts';

const VIEWER_NAME = 'ui-audit-viewer';
const ADMIN_NAME = 'bootstrap-admin'; // the name Capstan gives CAPSTAN_ADMIN_TOKEN

/** The text of every cell of every row of the audit table, in the order shown. */
async function rowsOf(table: Locator): Promise<string[][]> {
  const rows = table.locator('tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < await rows.count(); i++) out.push((await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim()));
  return out;
}

/** Waits until the table shows `count` rows (a filter answered), then returns them. */
async function waitForRows(page: Page, count: number): Promise<string[][]> {
  const table = page.getByRole('table', { name: 'Audit log' });
  await table.locator('tbody tr').nth(count - 1).waitFor();
  await table.locator('tbody tr').nth(count).waitFor({ state: 'detached' });
  return rowsOf(table);
}

describe('web UI: audit log', () => {
  let world: UiWorld;
  let viewerToken: string;
  let viewerId: string;
  before(async () => {
    world = await startUiWorld();
    const admin = new CapstanClient({ baseUrl: world.url, token: world.adminToken });
    const viewer = await admin.createToken({ name: VIEWER_NAME, role: 'viewer' });
    viewerToken = viewer.token;
    viewerId = viewer.id;
    await admin.createCluster({ id: 'loop', name: 'Loopback', kubeconfig: world.kube.kubeconfig });
    const refused = await new CapstanClient({ baseUrl: world.url, token: viewerToken })
      .createCluster({ id: 'other', name: 'Other', kubeconfig: world.kube.kubeconfig }).then(() => null, (error: unknown) => error);
    assert.ok(refused instanceof CapstanApiError && refused.status === 403, 'the viewer\'s write is refused');
  });
  after(() => world?.close());

  test('an admin sees each change asked for, newest first, with its actor, action, target, status and outcome', async () => {
    const { page, context } = await world.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, world.adminToken);
    await nav(page, 'Audit log');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const rows = await waitForRows(page, 3);
    // Time and request id vary; the rest is exactly what the calls were.
    assert.deepEqual(rows.map(([, ...middle]) => middle.slice(0, 5)), [
      [`${VIEWER_NAME} token`, 'POST /api/v1/clusters', '—', '403 ROLE_FORBIDS_ACTION', 'denied'],
      [`${ADMIN_NAME} token`, 'POST /api/v1/clusters', 'loop', '201', 'succeeded'],
      [`${ADMIN_NAME} token`, 'POST /api/v1/tokens', viewerId, '201', 'succeeded'],
    ]);
    const times = (await page.locator('tbody tr time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''))).map(Date.parse);
    assert.equal(times.length, 3);
    assert.ok(times.every((t) => Number.isFinite(t)) && times[0]! >= times[1]! && times[1]! >= times[2]!, 'machine-readable times, newest first');
    for (const row of rows) assert.match(row[6] ?? '', /^\S+$/, 'a request id');
    const table = page.getByRole('table', { name: 'Audit log' });
    assert.equal(await table.getByRole('link', { name: viewerId }).count(), 0, 'tokens have no UI page: plain text');
    assert.equal(await table.getByText('denied', { exact: true }).getAttribute('class'), 'badge badge-bad', 'a refusal is marked as such');
    await world.screenshot(page, 'audit-log');

    await table.getByRole('link', { name: 'loop', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Cluster Loopback' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/ui/clusters/loop');
    await context.close();
  });

  test('filtering by outcome "denied" shows only the viewer\'s refused write, and the filter is in the address', async () => {
    const { page, context } = await world.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, world.adminToken);
    await nav(page, 'Audit log');
    await waitForRows(page, 3);
    await page.getByLabel('Outcome').selectOption('denied');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    let rows = await waitForRows(page, 1);
    assert.deepEqual(rows[0]?.slice(1, 6), [`${VIEWER_NAME} token`, 'POST /api/v1/clusters', '—', '403 ROLE_FORBIDS_ACTION', 'denied']);
    assert.equal(new URL(page.url()).search, '?outcome=denied');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    rows = await waitForRows(page, 1);
    assert.equal(rows[0]?.[5], 'denied');
    assert.equal(await page.getByLabel('Outcome').inputValue(), 'denied', 'the form shows the filter from the address');

    // The actor's name narrows the view to its token, keeping the outcome.
    await page.getByRole('table', { name: 'Audit log' }).getByRole('link', { name: VIEWER_NAME }).click();
    await page.waitForURL((url) => url.searchParams.get('actor') === viewerId && url.searchParams.get('outcome') === 'denied');
    assert.equal(await page.getByLabel('Actor').inputValue(), viewerId);
    await waitForRows(page, 1);

    await page.getByLabel('Outcome').selectOption('succeeded');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No audit entries match').waitFor();
    await world.screenshot(page, 'audit-log-empty');

    await page.getByRole('button', { name: 'Clear' }).click();
    await waitForRows(page, 3);
    assert.equal(new URL(page.url()).search, '');
    await page.goto('/ui/audit?action=POST+%2Fapi%2Fv1%2Ftokens&since=1h');
    rows = await waitForRows(page, 1);
    assert.equal(rows[0]?.[2], 'POST /api/v1/tokens');
    assert.equal(await page.getByLabel('Since').inputValue(), '1h');
    await context.close();
  });

  test('a viewer token has no Audit log entry; opening the page by its address shows the server\'s 403, still signed in', async () => {
    const { page, context } = await world.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, viewerToken);
    const main = page.getByRole('navigation', { name: 'Main' });
    await main.getByRole('link', { name: 'Overview', exact: true }).waitFor();
    assert.equal(await main.getByRole('link', { name: 'Audit log', exact: true }).count(), 0);
    await page.goto('/ui/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Needs an admin token/);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /Role does not allow this action\s+ROLE_FORBIDS_ACTION/);
    assert.match(text, /A viewer token cannot do this \(needs admin\)\./);
    assert.equal(await page.getByRole('table').count(), 0);
    assert.equal(await page.getByText('Loading the audit log…').count(), 0);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('capstan.token')), viewerToken, 'a 403 does not sign out');
    await world.screenshot(page, 'audit-log-forbidden');
    await context.close();
  });
});
