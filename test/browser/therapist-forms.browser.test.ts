import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { defaultAuthSettings } from '../../src/server/auth/auth-settings.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { questionnaireToken } from '../../src/server/measurement/questionnaire-link.ts';
import { listScoresForCase } from '../../src/server/measurement/questionnaire-response.repository.ts';
import { TEST_PASSWORD } from '../helpers/auth-client.ts';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { openTestDatabase } from '../helpers/test-databases.ts';
import { FIXTURE_SECRET, sessionWithTherapistForm } from '../helpers/therapist-form-fixture.ts';

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

describe.skipIf(!browserAvailable())('QR code and therapist forms in Chromium', () => {
  let browser: Browser;
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  const clock = () => new Date();
  beforeAll(async () => {
    handle = await openTestDatabase('sqlite');
    app = await buildApp({
      db: handle.db,
      dialect: 'sqlite',
      clock,
      auth: { ...defaultAuthSettings, mode: 'password-only' },
      secret: FIXTURE_SECRET,
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

  async function signedInPage(email: string) {
    const context = await browser.newContext({
      viewport: { width: 320, height: 800 },
      locale: 'en-GB',
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    return { page, context, errors };
  }

  it("shows a client's link as a QR code and copies it; the therapist answers their own form", async () => {
    const f = await sessionWithTherapistForm(handle.db, clock);
    const client = f.clients[0]!;
    const link = `${base}/q/${questionnaireToken(FIXTURE_SECRET, f.clientRequest.id)}`;
    const { page, context, errors } = await signedInPage(f.therapist.email);

    await page.goto(`${base}/sessions/${f.session.id}`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Forms after this session' }).count())
      .toBe(1);
    await page.getByRole('button', { name: `Show QR code for ${client.givenName}` }).click();
    const qr = page.getByRole('img', {
      name: `QR code of the questionnaire link for ${client.givenName}`,
    });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth > 0)).toBe(true);
    await page.getByRole('button', { name: `Copy link for ${client.givenName}` }).click();
    await expect.poll(() => page.getByText('Link copied.').count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(await axeViolations(page)).toEqual([]);

    // The therapist's own side of the session, from the navigation.
    await page.getByRole('link', { name: 'My forms' }).click();
    await page
      .getByRole('link', { name: `Your form for session 1 · case ${f.careCase.reference}` })
      .click();
    await page.getByRole('heading', { name: 'Synthetic therapist check (test only)' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // Sending with an answer missing says so and stores nothing.
    await page
      .getByRole('group', { name: 'Synthetic test item A' })
      .getByLabel('Test level 4')
      .check();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('alert').waitFor();
    await page
      .getByRole('group', { name: 'Synthetic test item B' })
      .getByLabel('Test level 2')
      .check();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();

    const scores = await listScoresForCase(handle.db, f.practice.organization.id, f.careCase.id);
    expect(scores.filter((s) => s.instrumentId === 'synthetic-therapist-check')).toEqual([
      expect.objectContaining({ respondentKind: 'therapist', scaleId: 'total', value: 3 }),
    ]);
    await page.getByRole('link', { name: 'Back to my forms' }).click();
    await page.getByText('No forms to answer right now.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
