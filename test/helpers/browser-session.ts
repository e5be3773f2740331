import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { buildApp } from '../../src/server/app.ts';
import { defaultAuthSettings } from '../../src/server/auth/auth-settings.ts';
import type { Clock } from '../../src/server/clock.ts';
import type { Database, DatabaseHandle } from '../../src/server/db/database.ts';
import { TEST_INSTANCE_SECRET, TEST_PASSWORD } from './auth-client.ts';
import { launchBrowser } from './browser.ts';
import { openTestDatabase } from './test-databases.ts';

type App = Awaited<ReturnType<typeof buildApp>>;

export interface ServeOptions {
  /** The sign-in mode; left out, the app's own default. */
  mode?: 'two-factor' | 'password-only';
  clock?: Clock;
  secret?: string;
  /** Where interview recordings are kept, and the largest upload; left out, none accepted. */
  recordings?: { dir: string; maxBytes: number };
}

export interface RunningApp {
  app: App;
  /** The address the app listens on, e.g. http://127.0.0.1:40123. */
  base: string;
}

/** The real app, serving the built web app, listening on a free local port. */
export async function startWebApp(db: Database, options: ServeOptions = {}): Promise<RunningApp> {
  const app = await buildApp({
    db,
    dialect: 'sqlite',
    clock: options.clock ?? (() => new Date()),
    ...(options.mode ? { auth: { ...defaultAuthSettings, mode: options.mode } } : {}),
    secret: options.secret ?? TEST_INSTANCE_SECRET,
    ...(options.recordings && { recordings: options.recordings }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

export interface OpenPageOptions extends BrowserContextOptions {
  /** Playwright's default timeout for every step on the page, in ms. */
  timeout?: number;
  /** Count a dialog (alert, confirm) as a page error too, and dismiss it. */
  failOnDialog?: boolean;
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Every uncaught error on the page (and dialog, with failOnDialog), as it happens. */
  errors: string[];
}

export interface BrowserServer extends RunningApp {
  handle: DatabaseHandle;
  db: Database;
  browser: Browser;
  /** Another instance of the app over the same database, e.g. in another sign-in mode. */
  serve(options?: ServeOptions): Promise<string>;
  /** A new browser context with one page, its errors kept. */
  openPage(options?: OpenPageOptions): Promise<OpenedPage>;
  /**
   * A new page signed in as `email`. With `path`, the way a person follows a link: the
   * page is opened signed out, goes to sign-in, and comes back to `path`; without it, the
   * sign-in page is opened and the staff home reached.
   */
  openAs(
    email: string,
    options?: OpenPageOptions & { path?: string; password?: string },
  ): Promise<OpenedPage>;
  close(): Promise<void>;
}

/**
 * For a browser test file: a fresh SQLite database (or `database`, already filled), the
 * real server over it, and Chromium.
 */
export async function startBrowserServer(
  options: ServeOptions & { database?: DatabaseHandle } = {},
): Promise<BrowserServer> {
  const handle = options.database ?? (await openTestDatabase('sqlite'));
  const apps: App[] = [];
  const first = await startWebApp(handle.db, options);
  apps.push(first.app);
  const browser = await launchBrowser();
  const server: BrowserServer = {
    ...first,
    handle,
    db: handle.db,
    browser,
    async serve(more = {}) {
      const next = await startWebApp(handle.db, more);
      apps.push(next.app);
      return next.base;
    },
    openPage: (pageOptions) => openPage(browser, pageOptions),
    async openAs(email, { path, password = TEST_PASSWORD, ...pageOptions } = {}) {
      const opened = await openPage(browser, pageOptions);
      const { page } = opened;
      if (path) {
        await page.goto(`${first.base}${path}`);
        await page.waitForURL(/\/sign-in$/);
      } else await page.goto(`${first.base}/sign-in`);
      await signIn(page, email, password);
      await page.waitForURL(`${first.base}${path ?? '/'}`);
      return opened;
    },
    async close() {
      await browser.close();
      for (const app of apps) await app.close();
      await handle.close();
    },
  };
  return server;
}

/** A new browser context (British English unless told) with one page, whose errors are kept. */
export async function openPage(
  browser: Browser,
  { timeout, failOnDialog, ...contextOptions }: OpenPageOptions = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({ locale: 'en-GB', ...contextOptions });
  // A step that cannot happen fails with its own message, well within the test's time.
  if (timeout) context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  return { context, page, errors: collectPageErrors(page, { failOnDialog }) };
}

/**
 * Every uncaught error on `page` from now on, and every Content-Security-Policy violation
 * (Chromium reports each on the console); dialogs too, dismissed, with failOnDialog.
 */
export function collectPageErrors(page: Page, { failOnDialog = false } = {}): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) errors.push(`csp: ${m.text()}`);
  });
  if (failOnDialog)
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
  return errors;
}

/** Fills in the sign-in form on the page and sends it. */
export async function signIn(page: Page, email: string, password = TEST_PASSWORD) {
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** axe-core's violations on the page as it is now, each with the elements it names. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated by the test driver, not added as a <script>: the app's Content-Security-Policy
  // refuses inline scripts, and the pages are tested under that policy.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    return axe.run();
  });
  return result.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
