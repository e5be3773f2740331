import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  collectPageErrors,
  startBrowserServer,
  startWebApp,
} from '../helpers/browser-session.ts';
import { openTestDatabase } from '../helpers/test-databases.ts';

describe.skipIf(!browserAvailable())('the web app in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer();
  });
  afterAll(() => server?.close());

  it('opens the front page, which reports the server and database running', async () => {
    const { base } = server;
    const page = await server.browser.newPage({ viewport: { width: 360, height: 740 } });
    const errors = collectPageErrors(page);
    await page.goto(`${base}/`);
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 10_000 })
      .toContain('running');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Rapport');
    // A deep link is answered by the app, not by a 404.
    const deep = await page.goto(`${base}/cases/anything`);
    expect(deep?.status()).toBe(200);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the database as unavailable when it is', async () => {
    const broken = await openTestDatabase('sqlite');
    const brokenApp = await startWebApp(broken.db);
    await broken.close();
    const page = await server.browser.newPage();
    await page.goto(`${brokenApp.base}/`);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('unavailable');
    await page.close();
    await brokenApp.app.close();
  });
});
