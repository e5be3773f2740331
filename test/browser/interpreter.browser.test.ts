import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { defaultAuthSettings } from '../../src/server/auth/auth-settings.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { TEST_PASSWORD } from '../helpers/auth-client.ts';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { createRolePractice } from '../helpers/role-practice.ts';
import { openTestDatabase } from '../helpers/test-databases.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } })
      .axe;
    return axe.run();
  });
  return result.violations.map((v) => v.id);
}

describe.skipIf(!browserAvailable())("the interpreter's sessions in Chromium", () => {
  let browser: Browser;
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  beforeAll(async () => {
    handle = await openTestDatabase('sqlite');
    app = await buildApp({
      db: handle.db,
      dialect: 'sqlite',
      clock: () => new Date(),
      auth: { ...defaultAuthSettings, mode: 'password-only' },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
  });

  /** Signs in at 320 px on the home page, failing the test on any page error. */
  async function signIn(email: string) {
    const context = await browser.newContext({
      viewport: { width: 320, height: 800 },
      locale: 'en-GB',
    });
    context.setDefaultTimeout(8_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    return { context, page, errors };
  }

  it('lists the assigned session in the clinic zone, with nothing clinical, in English and Spanish', async () => {
    const practice = await createRolePractice(handle.db);
    const session = practice.case1.sessions[0]!;
    const { context, page, errors } = await signIn(practice.staff.interpreter.email);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'My sessions' }).click();
    await page.waitForURL(`${base}/interpreter`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Sessions I interpret');
    const rows = page.getByTestId('interpreter-session');
    await expect.poll(() => rows.count()).toBe(1);
    const row = rows.first();
    // The session starts 2026-11-02T10:00Z; the clinic is in Europe/London (GMT in November).
    expect(await row.locator('time').getAttribute('datetime')).toBe(session.startsAt);
    expect(await row.locator('time').textContent()).toBe(
      new Intl.DateTimeFormat('en', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/London',
      }).format(new Date(session.startsAt)),
    );
    expect(await row.locator('time').textContent()).toContain('10:00');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(`Case ${practice.case1.careCase.reference}, session 1`);
    expect(text).toContain('Spanish');
    expect(text).toContain('In person');
    expect(text).toContain('Europe/London');
    // Only their own assignment: nothing of the other case, and no client name anywhere.
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toContain(practice.case2.careCase.reference);
    for (const c of [...practice.case1.clients, ...practice.case2.clients]) {
      expect(body).not.toContain(c.familyName);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Language').selectOption('es');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Sesiones que interpreto');
    expect(await rows.first().textContent()).toContain('español');
    expect(await rows.first().textContent()).toContain('Presencial');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the link to interpreters only, and an empty list to anyone with no assignment', async () => {
    const practice = await createRolePractice(handle.db);
    const { context, page, errors } = await signIn(practice.staff.therapist1.email);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect.poll(() => nav.getByRole('link', { name: 'Caseload' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'My sessions' }).count()).toBe(0);
    await page.goto(`${base}/interpreter`);
    await expect.poll(() => page.getByText('You are not assigned to any session.').count()).toBe(1);
    expect(await page.getByTestId('interpreter-session').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
