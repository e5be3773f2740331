import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { defaultAuthSettings } from '../../src/server/auth/auth-settings.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { TEST_PASSWORD, createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { createTestPractice } from '../helpers/factories.ts';
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

async function signIn(page: Page, email: string) {
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!browserAvailable())('staff sign-in in Chromium', () => {
  let browser: Browser;
  let handle: DatabaseHandle;
  const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
  const serve = async (mode: 'two-factor' | 'password-only') => {
    const app = await buildApp({
      db: handle.db,
      dialect: 'sqlite',
      clock: () => new Date(),
      auth: { ...defaultAuthSettings, mode },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    apps.push(app);
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  };
  beforeAll(async () => {
    handle = await openTestDatabase('sqlite');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const app of apps) await app.close();
    await handle?.close();
  });

  it('a therapist enrols TOTP, signs out, signs in with password and code, and sees the shell', async () => {
    const base = await serve('two-factor');
    const practice = await createTestPractice(handle.db);
    const therapist = await createStaffWithPassword(handle.db, practice);
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'en-GB',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // A deep link while signed out leads to sign-in.
    await page.goto(`${base}/cases/some-case`);
    await page.waitForURL(/\/sign-in$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await axeViolations(page)).toEqual([]);
    await signIn(page, therapist.email);

    await page.waitForURL(/\/sign-in\/set-up$/);
    const secretElement = page.getByTestId('totp-secret');
    await secretElement.waitFor();
    expect(await page.getByRole('img', { name: /QR code/ }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    const secret = (await secretElement.getAttribute('data-secret'))!;
    await page.getByLabel(/6-digit code the app now shows/).fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect.poll(() => codes.count()).toBe(10);
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();

    await expect
      .poll(() => page.getByTestId('signed-in-as').textContent())
      .toBe(`Signed in as ${therapist.displayName}`);
    const cookies = await context.cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.secure, c.sameSite])).toEqual([
      ['__Host-rapport-session', true, true, 'Strict'],
    ]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(await context.cookies()).toEqual([]);

    await signIn(page, therapist.email);
    await page.waitForURL(/\/sign-in\/code$/);
    await page.getByLabel(/Code from your authenticator app/).fill('000000');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not right');
    // The enrolment used this 30-second step; a code works once, so take the next step's.
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    await page.getByLabel(/Code from your authenticator app/).fill(next);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Welcome, ${therapist.displayName}`);
    expect(await page.getByRole('banner').getByRole('note').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the warning banner in password-only mode, before and after signing in, in Spanish too', async () => {
    const base = await serve('password-only');
    const practice = await createTestPractice(handle.db);
    const therapist = await createStaffWithPassword(handle.db, practice);
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    const banner = page.getByTestId('password-only-banner');
    await expect.poll(() => banner.textContent()).toContain('password only');
    await signIn(page, therapist.email);
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByTestId('signed-in-as').isVisible()).toBe(true);
    expect(await banner.textContent()).toContain('without a second factor');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Language').selectOption('es');
    expect(await page.getByRole('button', { name: 'Cerrar sesión' }).isVisible()).toBe(true);
    expect(await banner.textContent()).toContain('sin segundo factor');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await context.close();
  });
});
