import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestCase, createTestPractice } from '../helpers/factories.ts';
import { createTestStudy } from '../helpers/study.fixture.ts';

const SECRET = 'consent-browser-secret-0123456789-0123456789';

/** Nothing wider than the screen: no sideways scrolling on a small phone. */
const overflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const xssRan = (page: Page) =>
  page.evaluate(() => (window as unknown as { xssRan?: number }).xssRan === 1);

// Payloads a study's Markdown and a typed name might carry: each must stay text.
const XSS_TEXT = [
  '# About this study',
  '',
  'Read **carefully**. <img src=x onerror="window.xssRan=1"> and <script>window.xssRan=1</script>',
  '',
  '- [a link](javascript:window.xssRan=1)',
  '- plain item',
].join('\n');
const XSS_NAME = 'José Peña <img src=x onerror="window.xssRan=1">';

describe.skipIf(!browserAvailable())('a client consents on a phone, in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only', secret: SECRET });
  });
  afterAll(() => server?.close());

  it('invites from the case page, consents at 320 px, downloads the receipt, declines and withdraws', async () => {
    const { db, base } = server;
    const practice = await createTestPractice(db);
    const therapist = await createStaffWithPassword(db, practice, 'therapist');
    const researcher = await createStaffWithPassword(db, practice, 'researcher');
    const made = await createTestCase(db, practice, therapist.id, { type: 'couple', members: 2 });
    const study = await createTestStudy(db, practice, researcher.id);
    await db
      .updateTable('consent_version')
      .set({ information_text: XSS_TEXT })
      .where('id', '=', study.consentVersionId)
      .execute();
    const { title } = await db
      .selectFrom('study')
      .select('title')
      .where('id', '=', study.id)
      .executeTakeFirstOrThrow();
    const [first, second] = made.clients;
    const nameOf = (c: typeof first) => `${c!.givenName} ${c!.familyName}`;

    // The therapist invites both members from the case page's research panel.
    const staff = await server.openAs(therapist.email, {
      path: `/cases/${made.careCase.id}`,
      viewport: { width: 1024, height: 900 },
    });
    const panel = staff.page.getByRole('region', { name: 'Research' });
    await expect
      .poll(() => panel.getByText(`${nameOf(first)}: not enrolled`).isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    expect(await axeViolations(staff.page)).toEqual([]);
    const linkOf = async (name: string) => {
      await panel
        .getByRole('listitem')
        .filter({ hasText: name })
        .getByRole('button', { name: 'Invite to the study' })
        .click();
      const input = staff.page.getByLabel(`Consent link for ${name} (consent)`);
      await expect.poll(() => input.isVisible()).toBe(true);
      await expect.poll(() => staff.page.getByTestId('qr-code').isVisible()).toBe(true);
      return input.inputValue();
    };
    const firstLink = await linkOf(nameOf(first));
    const secondLink = await linkOf(nameOf(second));
    expect(firstLink).toMatch(new RegExp(`^${base}/consent#[A-Za-z0-9_-]{43}$`));
    await expect.poll(() => panel.getByText(`${nameOf(first)}: invited`).isVisible()).toBe(true);
    expect(await axeViolations(staff.page)).toEqual([]);
    expect(staff.errors).toEqual([]);

    // The client reads, is told what is missing, signs, and lands on their receipt page.
    const phone = await server.openPage({ viewport: { width: 320, height: 640 } });
    const { page } = phone;
    await page.goto(firstLink);
    await expect.poll(() => heading(page)).toBe(title);
    expect(await overflows(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await expect
      .poll(() => page.getByRole('heading', { name: 'About this study' }).isVisible())
      .toBe(true);
    // The raw HTML shows as text; nothing of it runs or becomes an element.
    const information = await page.locator('.c-information').textContent();
    expect(information).toContain('<img src=x onerror="window.xssRan=1">');
    expect(information).toContain('<script>window.xssRan=1</script>');
    expect(information).toContain('a link');
    expect(
      await page
        .locator('.c-information img, .c-information script, .c-information a[href^="javascript"]')
        .count(),
    ).toBe(0);

    await page.getByLabel('I have read the information.').check();
    await page.getByLabel('Type your full name').fill(XSS_NAME);
    await page.getByRole('button', { name: 'I agree to take part' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('To agree, please tick every statement.');
    const stored = () =>
      db.selectFrom('consent_record').select('id').where('study_id', '=', study.id).execute();
    expect(await stored()).toEqual([]);
    await page.getByLabel('I agree to take part.').check();
    await page.getByRole('button', { name: 'I agree to take part' }).click();
    await page.waitForURL(/\/consent\/receipt#/);
    await expect.poll(() => heading(page)).toBe(title);
    await expect.poll(() => page.getByText(/You agreed to take part on/).isVisible()).toBe(true);
    expect(await overflows(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    const receiptUrl = page.url();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download your receipt (PDF)' }).click(),
    ]);
    const file = await download.path();
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(title);
    expect(text).toContain('Consent version: 1');
    expect(text).toContain(new Date().toISOString().slice(0, 10));
    expect(text).toContain(XSS_NAME);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

    // The link was single-use: opening it again says so, and stores nothing.
    await page.goto(firstLink);
    await expect.poll(() => heading(page)).toBe('This link is not valid');
    await page.goto(`${base}/consent#${'A'.repeat(43)}`);
    await expect.poll(() => heading(page)).toBe('This link is not valid');
    expect(await axeViolations(page)).toEqual([]);

    // The second member declines.
    const other = await server.openPage({ viewport: { width: 320, height: 640 } });
    await other.page.goto(secondLink);
    await expect.poll(() => heading(other.page)).toBe(title);
    await other.page.getByLabel('Type your full name').fill('Sam Declines');
    await other.page.getByRole('button', { name: 'I do not agree' }).click();
    await other.page.waitForURL(/\/consent\/receipt#/);
    await expect
      .poll(() => other.page.getByText(/You chose not to take part on/).isVisible())
      .toBe(true);
    expect(await other.page.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);

    // The first withdraws from their receipt page: at once.
    await page.goto(receiptUrl);
    await page.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, withdraw from the study' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toContain('You have withdrawn from the study.');
    const statuses = await db
      .selectFrom('study_participant')
      .select(['client_id', 'status'])
      .where('study_id', '=', study.id)
      .execute();
    expect(Object.fromEntries(statuses.map((s) => [s.client_id, s.status]))).toEqual({
      [first!.id]: 'withdrawn',
      [second!.id]: 'declined',
    });
    expect(
      (
        await db
          .selectFrom('study_participant')
          .select('pseudonym')
          .where('study_id', '=', study.id)
          .orderBy('pseudonym')
          .execute()
      ).map((r) => r.pseudonym),
    ).toEqual(['C01', 'C02']);
    await staff.page.reload();
    await expect
      .poll(() => panel.getByText(`${nameOf(first)}: withdrawn`).isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await panel.getByText(`${nameOf(second)}: declined`).isVisible()).toBe(true);

    // The therapist takes part themselves and consents in the staff app.
    await panel.getByRole('button', { name: 'Take part myself' }).click();
    await panel.getByRole('link', { name: 'Give or see my consent' }).click();
    await staff.page.waitForURL(/\/research\/participations\/[0-9a-f-]+\/consent$/);
    await expect.poll(() => heading(staff.page)).toBe(`My consent: ${title}`);
    await staff.page.getByLabel('I have read the information.').check();
    await staff.page.getByLabel('I agree to take part.').check();
    await staff.page.getByLabel('Type your full name').fill('Test Therapist');
    await staff.page.getByRole('button', { name: 'I agree to take part' }).click();
    await expect
      .poll(() => staff.page.getByRole('status').textContent())
      .toBe('Your decision is recorded (consented).');
    expect(await axeViolations(staff.page)).toEqual([]);
    const [own] = await Promise.all([
      staff.page.waitForEvent('download'),
      staff.page.getByRole('link', { name: 'Download my receipt (PDF)' }).click(),
    ]);
    expect(
      execFileSync('pdftotext', ['-enc', 'UTF-8', await own.path(), '-'], { encoding: 'utf8' }),
    ).toContain('Test Therapist');
    const therapistRow = await db
      .selectFrom('study_participant')
      .select(['pseudonym', 'status'])
      .where('study_id', '=', study.id)
      .where('staff_user_id', '=', therapist.id)
      .executeTakeFirstOrThrow();
    expect(therapistRow).toEqual({ pseudonym: 'T01', status: 'consented' });

    for (const p of [page, other.page, staff.page]) expect(await xssRan(p)).toBe(false);
    expect(phone.errors).toEqual([]);
    expect(other.errors).toEqual([]);
    await Promise.all([phone.context.close(), other.context.close(), staff.context.close()]);
  }, 120_000);
});
