/**
 * The overview's "Backup" section in Debian's chromium against real Capstans: over the UI harness's
 * file-backed SQLite store an admin saves a copy under the server's file name that starts with the SQLite header,
 * passes `PRAGMA integrity_check` and holds this Capstan's data, with the bytes received shown against the size
 * announced and the token sent only in the Authorization header; the button is disabled while the copy is on its
 * way; a viewer token is not offered the section, and the server refuses it the copy (403); a Capstan on PostgreSQL (skipped without
 * CAPSTAN_TEST_DATABASE_URL) gets the 409 STORE_BACKUP_UNAVAILABLE detail; and a server that has gone away is
 * reported as a network failure. Screenshots go to test-output/screenshots/overview-backup*.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Download, Locator, Page, Request } from 'playwright-core';
import { CapstanApiError, CapstanClient } from '../../client/index.ts';
import { loadConfig } from '../../src/config/config.ts';
import { startCapstan } from '../../src/main.ts';
import { freePort } from '../helpers/free-port.ts';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '../helpers/postgres.ts';
import { nav, signIn, startUiWorld, type UiWorld } from './ui-harness.ts';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const VIEWER_NAME = 'ui-backup-viewer';

/** Another real Capstan (worker off) for the cases the harness's store cannot show; `stop()` is safe twice. */
async function startOtherCapstan(env: Record<string, string>): Promise<{ url: string; adminToken: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-ui-backup-'));
  const adminToken = randomBytes(16).toString('hex');
  const port = await freePort();
  const running = await startCapstan(loadConfig({
    CAPSTAN_HOST: '127.0.0.1', CAPSTAN_PORT: String(port), CAPSTAN_DATA_DIR: dataDir, CAPSTAN_ADMIN_TOKEN: adminToken,
    CAPSTAN_LOG_LEVEL: 'silent', CAPSTAN_WORKER: 'false', ...env,
  }));
  let stopped = false;
  return {
    url: running.url, adminToken,
    async stop() {
      if (stopped) return;
      stopped = true;
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The overview's Backup section, reached from the main navigation. */
async function backupSection(page: Page): Promise<Locator> {
  await nav(page, 'Overview');
  const section = page.getByRole('region', { name: 'Backup' });
  await section.waitFor();
  return section;
}

describe('web UI: store backup', () => {
  let world: UiWorld;
  let viewerToken: string;
  const scratch = mkdtempSync(join(tmpdir(), 'capstan-ui-backup-files-'));
  before(async () => {
    world = await startUiWorld();
    const admin = new CapstanClient({ baseUrl: world.url, token: world.adminToken });
    viewerToken = (await admin.createToken({ name: VIEWER_NAME, role: 'viewer' })).token;
  });
  after(async () => {
    await world.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('an admin saves a consistent copy under the server\'s name, sees the bytes received, and the token stays out of URLs', async () => {
    const { page, context } = await world.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, world.adminToken);
    const section = await backupSection(page);
    const explanation = await section.innerText();
    assert.match(explanation, /every record, the sealed secrets and the token hashes: keep it private/);
    assert.match(explanation, /DATA_DIR\/master\.key \(or CAPSTAN_MASTER_KEY\) with it/);
    assert.match(explanation, /see the README, "Backups"/);

    const requests: Request[] = [];
    page.on('request', (request) => { if (request.url().includes('/store-backup')) requests.push(request); });
    const [download] = await Promise.all([
      page.waitForEvent('download') as Promise<Download>,
      section.getByRole('button', { name: 'Download backup' }).click(),
    ]);
    const fileName = download.suggestedFilename();
    assert.match(fileName, /^capstan-\d{8}T\d{6}Z\.db$/, 'the name the server gave in content-disposition');
    assert.ok(download.url().startsWith('blob:'), `saved from an object URL, not an API URL: ${download.url()}`);
    const file = join(scratch, fileName);
    await download.saveAs(file);

    const bytes = readFileSync(file);
    assert.deepEqual(bytes.subarray(0, 16), SQLITE_HEADER);
    const db = new Sqlite(file, { readonly: true, fileMustExist: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const viewer = db.prepare('select role from api_tokens where name = ?').get(VIEWER_NAME) as { role: string } | undefined;
      assert.equal(viewer?.role, 'viewer', 'the copy holds this Capstan\'s data');
    } finally {
      db.close();
    }

    await section.getByRole('status').getByText(`Saved ${fileName}`).waitFor();
    const progress = section.getByRole('progressbar', { name: 'Backup download' });
    assert.equal(await progress.getAttribute('max'), String(bytes.length), 'the size announced (content-length)');
    assert.equal(await progress.getAttribute('value'), String(bytes.length), 'every byte counted');
    assert.match(await section.innerText(), / of \d+\.\d KiB received/);
    assert.equal(await section.getByRole('button', { name: 'Download backup' }).isEnabled(), true, 'ready for another');

    assert.equal(requests.length, 1);
    const [request] = requests;
    assert.equal(new URL(request!.url()).search, '', 'no query string: the token is never in the URL');
    assert.ok(!request!.url().includes(world.adminToken));
    assert.equal((await request!.allHeaders()).authorization, `Bearer ${world.adminToken}`);
    await world.screenshot(page, 'overview-backup');
    await context.close();
  });

  test('while the copy is on its way the button is disabled and says the server is making it', async () => {
    const { page, context } = await world.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, world.adminToken);
    const section = await backupSection(page);
    // The real answer is held back until the test has looked at the page, then passed on unchanged.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/api/v1/store-backup', async (route) => {
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    });
    const button = section.getByRole('button', { name: 'Download backup' });
    await button.click();
    await section.getByRole('status').getByText('Making the copy on the server…').waitFor();
    assert.equal(await button.isDisabled(), true);
    const downloaded = page.waitForEvent('download');
    release();
    const download = await downloaded;
    assert.match(download.suggestedFilename(), /^capstan-.*\.db$/);
    await section.getByRole('status').getByText(/^Saved capstan-/).waitFor();
    assert.equal(await button.isEnabled(), true);
    await context.close();
  });

  test('a viewer token is not offered the section, and the server refuses it the copy', async () => {
    const { page, context } = await world.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, viewerToken);
    await nav(page, 'Overview');
    await page.getByRole('region', { name: 'Recent deploy records' }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Backup' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Download backup' }).count(), 0);
    // The server stays the authority: the same download through the API is refused.
    const refused = await new CapstanClient({ baseUrl: world.url, token: viewerToken }).downloadStoreBackup().then(() => null, (error: unknown) => error);
    assert.ok(refused instanceof CapstanApiError && refused.status === 403, 'the viewer is refused the copy');
    assert.match(refused.message, /A viewer token cannot do this \(needs admin\)\./);
    await world.screenshot(page, 'overview-backup-forbidden');
    await context.close();
  });

  describe('on PostgreSQL', { skip: postgresSkipReason() }, () => {
    let database: TestDatabase;
    let other: Awaited<ReturnType<typeof startOtherCapstan>>;
    before(async () => {
      database = await createTestDatabase();
      other = await startOtherCapstan({ CAPSTAN_DATABASE_URL: database.url });
    });
    after(async () => {
      await other?.stop();
      await database?.drop();
    });

    test('the 409 STORE_BACKUP_UNAVAILABLE detail says to use pg_dump', async () => {
      const context = await world.browser.newContext({ baseURL: other.url, viewport: { width: 1280, height: 860 } });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, other.adminToken);
      const section = await backupSection(page);
      await section.getByRole('button', { name: 'Download backup' }).click();
      const alert = section.getByRole('alert');
      await alert.waitFor();
      const text = await alert.innerText();
      assert.match(text, /Store cannot be backed up through the API\s+STORE_BACKUP_UNAVAILABLE/);
      assert.match(text, /stores its data in PostgreSQL: back it up with pg_dump/);
      assert.equal(await section.getByRole('button', { name: 'Download backup' }).isEnabled(), true);
      await world.screenshot(page, 'overview-backup-unavailable');
      await context.close();
    });
  });

  test('a server that has gone away is reported as a network failure', async () => {
    const other = await startOtherCapstan({});
    const context = await world.browser.newContext({ baseURL: other.url, viewport: { width: 1280, height: 860 } });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, other.adminToken);
      const section = await backupSection(page);
      await other.stop();
      await section.getByRole('button', { name: 'Download backup' }).click();
      const alert = section.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /Cannot reach the Capstan server/);
      await section.getByText('The network failed before the backup was complete, so nothing was saved.').waitFor();
      assert.equal(await section.getByRole('button', { name: 'Download backup' }).isEnabled(), true);
      await world.screenshot(page, 'overview-backup-network-failure');
    } finally {
      await context.close();
      await other.stop();
    }
  });
});
