import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createRolePractice } from '../helpers/role-practice.ts';

// A token's name that would run script if the page ever rendered it as HTML.
const LABEL = 'Warehouse <img src=x onerror="window.__xss=1">';

const scriptRan = (page: Page) =>
  page.evaluate(() => (window as unknown as { __xss?: number }).__xss !== undefined);

describe.skipIf(!browserAvailable())('API tokens in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only' });
  });
  afterAll(() => server?.close());

  it('an admin issues a token at 360 px, sees it once, the FHIR API takes it, and revoking stops it', async () => {
    const { db, base } = server;
    const p = await createRolePractice(db);
    const admin = await server.openAs(p.staff.admin.email, {
      viewport: { width: 360, height: 800 },
      timeout: 20_000,
      failOnDialog: true,
    });
    const { page } = admin;
    await page.goto(`${base}/admin`);
    await page.getByRole('link', { name: 'API tokens' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('API tokens');
    await page.getByText('No tokens yet.').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Name').fill(LABEL);
    await page.getByLabel('Valid for').selectOption('30');
    await page.getByRole('button', { name: 'Issue the token' }).click();
    const shown = page.getByLabel('The new token');
    await expect.poll(() => shown.inputValue()).toMatch(/^rapport_[A-Za-z0-9_-]{43}$/);
    const secret = await shown.inputValue();
    expect(await page.getByTestId('new-token').textContent()).toContain(
      'it will not be shown again',
    );
    const table = page.getByRole('table');
    await expect
      .poll(() => table.locator('caption').textContent())
      .toBe('1 token of your clinics, newest first');
    const row = table.locator('tbody tr').first();
    expect(await row.locator('th').textContent()).toBe(LABEL);
    expect(await row.textContent()).toContain(p.practice.clinic.name);
    expect(await row.textContent()).toContain('Active');
    expect(await row.textContent()).toContain('Never');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await scriptRan(page)).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    expect(await axeViolations(page)).toEqual([]);

    // Another system reads with it; the page then shows its last use.
    const read = () =>
      fetch(`${base}/fhir/R4/QuestionnaireResponse`, {
        headers: { authorization: `Bearer ${secret}` },
      });
    expect((await read()).status).toBe(200);
    await page.reload();
    await expect.poll(() => row.textContent()).not.toContain('Never');
    // Reloaded, the token is no longer on the page: it was shown once.
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: `Revoke ${LABEL}` }).click();
    await expect.poll(() => row.textContent()).toContain('Revoked');
    expect(await row.getByRole('button').count()).toBe(0);
    const refused = await read();
    expect(refused.status).toBe(401);
    expect((await refused.json()) as { resourceType: string }).toMatchObject({
      resourceType: 'OperationOutcome',
    });

    // In Spanish, the same page.
    await page.getByLabel('Language').selectOption('es');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Tokens de API');
    await expect.poll(() => row.textContent()).toContain('Revocado');
    expect(await axeViolations(page)).toEqual([]);
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    // A therapist is told the page is for administrators.
    const therapist = await server.openAs(p.staff.therapist1.email, { path: '/admin/api-tokens' });
    await therapist.page.getByText('This page is for clinic administrators.').waitFor();
    await therapist.context.close();
  }, 90_000);
});
