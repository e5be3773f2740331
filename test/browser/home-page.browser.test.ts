import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { openTestDatabase } from '../helpers/test-databases.ts';

describe.skipIf(!browserAvailable())('the web app in Chromium', () => {
  let browser: Browser;
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  beforeAll(async () => {
    handle = await openTestDatabase('sqlite');
    app = await buildApp({ db: handle.db, dialect: 'sqlite', clock: () => new Date() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
  });

  it('opens the front page, which reports the server and database running', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/`);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('running');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Rapport');
    // A deep link is answered by the app, not by a 404.
    const deep = await page.goto(`${base}/cases/anything`);
    expect(deep?.status()).toBe(200);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the database as unavailable when it is', async () => {
    const broken = await openTestDatabase('sqlite');
    const brokenApp = await buildApp({ db: broken.db, dialect: 'sqlite', clock: () => new Date() });
    await brokenApp.listen({ port: 0, host: '127.0.0.1' });
    await broken.close();
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(brokenApp.server.address() as AddressInfo).port}/`);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('unavailable');
    await page.close();
    await brokenApp.close();
  });
});
