import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionnaireToken } from '../../src/server/measurement/questionnaire-link.ts';
import { listScoresForCase } from '../../src/server/measurement/questionnaire-response.repository.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { FIXTURE_SECRET, sessionWithTherapistForm } from '../helpers/therapist-form-fixture.ts';

describe.skipIf(!browserAvailable())('QR code and therapist forms in Chromium', () => {
  let server: BrowserServer;
  const clock = () => new Date();
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only', clock, secret: FIXTURE_SECRET });
  });
  afterAll(() => server?.close());

  const signedInPage = (email: string) =>
    server.openAs(email, {
      viewport: { width: 320, height: 800 },
      permissions: ['clipboard-read', 'clipboard-write'],
      timeout: 20_000,
    });

  it("shows a client's link as a QR code and copies it; the therapist answers their own form", async () => {
    const { db, base } = server;
    const f = await sessionWithTherapistForm(db, clock);
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

    const scores = await listScoresForCase(db, f.practice.organization.id, f.careCase.id);
    expect(scores.filter((s) => s.instrumentId === 'synthetic-therapist-check')).toEqual([
      expect.objectContaining({ respondentKind: 'therapist', scaleId: 'total', value: 3 }),
    ]);
    await page.getByRole('link', { name: 'Back to my forms' }).click();
    await page.getByText('No forms to answer right now.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
