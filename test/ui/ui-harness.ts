/**
 * What the browser tests run against: a real Capstan (startCapstan: SQLite in a temp data folder, the worker on)
 * on a free loopback port, whose public URL is that port (so the trigger URLs it hands out work), the loopback
 * Kubernetes API server, and Debian's chromium driven by playwright-core with the launch flags of
 * reference/stack-feasibility.md §10. Screenshots go to test-output/screenshots/.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureWebBuild } from '../../scripts/ensure-web-build.ts';
import { loadConfig } from '../../src/config/config.ts';
import { startCapstan, type RunningCapstan } from '../../src/main.ts';
import { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions } from '../kube-api-server/index.ts';
import { freePort } from '../helpers/free-port.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run',
  '--disable-component-update', '--disable-sync',
];

export interface UiWorld {
  readonly url: string;
  readonly adminToken: string;
  readonly kube: KubeApiServer;
  readonly browser: Browser;
  /** A fresh browser context (own sessionStorage) with one page. */
  newPage(): Promise<{ page: Page; context: BrowserContext }>;
  /** Writes test-output/screenshots/<name>.png of the whole page. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startUiWorld(options: { kube?: KubeApiServerOptions } = {}): Promise<UiWorld> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium)`);
  if (!(await ensureWebBuild({ quiet: true }))) throw new Error('vite is not installed: the UI cannot be built');
  const dataDir = mkdtempSync(join(tmpdir(), 'capstan-ui-'));
  const adminToken = randomBytes(16).toString('hex');
  const cleanups: (() => Promise<unknown> | void)[] = [() => rmSync(dataDir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    // 600 s progress deadlines become 1.8 s: a stuck rollout fails fast.
    const kube = await startKubeApiServer(options.kube ?? { rolloutStepMs: 10, progressDeadlineScale: 0.003 });
    cleanups.push(() => kube.close());
    const port = await freePort();
    const running: RunningCapstan = await startCapstan(loadConfig({
      CAPSTAN_HOST: '127.0.0.1', CAPSTAN_PORT: String(port), CAPSTAN_DATA_DIR: dataDir, CAPSTAN_ADMIN_TOKEN: adminToken,
      CAPSTAN_LOG_LEVEL: 'silent', CAPSTAN_PUBLIC_URL: `http://127.0.0.1:${port}`,
    }));
    cleanups.push(() => running.stop());
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    mkdirSync(SCREENSHOTS, { recursive: true });
    return {
      url: running.url, adminToken, kube, browser,
      async newPage() {
        const context = await browser.newContext({ baseURL: running.url, viewport: { width: 1280, height: 860 } });
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.url });
        return { page: await context.newPage(), context };
      },
      async screenshot(page, name) {
        const path = join(SCREENSHOTS, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Signs in through the sign-in page and waits for the overview. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}

/** Follows a link of the main navigation by its exact name. */
export async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}
