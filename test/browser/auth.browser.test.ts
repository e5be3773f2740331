import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  signIn,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestPractice } from '../helpers/factories.ts';

describe.skipIf(!browserAvailable())('staff sign-in in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'two-factor' });
  });
  afterAll(() => server?.close());

  it('a therapist enrols TOTP, signs out, signs in with password and code, and sees the shell', async () => {
    const { base, db } = server;
    const practice = await createTestPractice(db);
    const therapist = await createStaffWithPassword(db, practice);
    const { context, page, errors } = await server.openPage({
      viewport: { width: 390, height: 844 },
    });

    // A deep link while signed out leads to sign-in.
    await page.goto(`${base}/cases/some-case`);
    await page.waitForURL(/\/sign-in$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await axeViolations(page)).toEqual([]);
    await signIn(page, therapist.email);

    await page.waitForURL(/\/sign-in\/set-up$/);
    const secretElement = page.getByTestId('totp-secret');
    await secretElement.waitFor();
    await expect.poll(() => page.getByRole('img', { name: /QR code/ }).isVisible()).toBe(true);
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
    const base = await server.serve({ mode: 'password-only' });
    const practice = await createTestPractice(server.db);
    const therapist = await createStaffWithPassword(server.db, practice);
    const { context, page } = await server.openPage();
    await page.goto(`${base}/sign-in`);
    const banner = page.getByTestId('password-only-banner');
    await expect.poll(() => banner.textContent()).toContain('password only');
    await signIn(page, therapist.email);
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByTestId('signed-in-as').isVisible()).toBe(true);
    expect(await banner.textContent()).toContain('without a second factor');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Language').selectOption('es');
    await expect
      .poll(() => page.getByRole('button', { name: 'Cerrar sesión' }).isVisible())
      .toBe(true);
    expect(await banner.textContent()).toContain('sin segundo factor');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await context.close();
  });
});
