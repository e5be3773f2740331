import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createRolePractice } from '../helpers/role-practice.ts';

// Markup that runs script if a page ever renders a cell of the file as HTML.
const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '"><script>window.__xss=1</script>';
const HEADER =
  'case_key,given_name,family_name,date_of_birth,preferred_language,relation,case_type,therapist_email,start_date,guardian_name,guardian_contact';
const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;

const scriptRan = (page: Page) =>
  page.evaluate(() => (window as unknown as { __xss?: number }).__xss !== undefined);

describe.skipIf(!browserAvailable())('client import in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only' });
  });
  afterAll(() => server?.close());

  it('an admin uploads a CSV, reads its problems, then the preview of the fixed file, and confirms it', async () => {
    const { db, base } = server;
    const p = await createRolePractice(db);
    const family = `Import${randomUUID().slice(0, 6)}`;
    const rows = (childBirth: string) =>
      [
        HEADER,
        `F1,${quote(`Ana ${IMG}`)},${quote(`${family} ${SCRIPT}`)},1984-02-11,en,parent,family,${p.staff.therapist1.email},2026-11-02,,`,
        `F1,Leo,${family},${childBirth},en,child,,,,${quote(`Guardian ${IMG}`)},+44 7700 900123`,
      ].join('\r\n');
    const admin = await server.openAs(p.staff.admin.email, {
      viewport: { width: 390, height: 844 },
      timeout: 20_000,
      failOnDialog: true,
    });
    const { page } = admin;
    await page.goto(`${base}/admin`);
    await page.getByRole('link', { name: 'Import clients' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Import clients and cases');

    const upload = async (text: string) => {
      await page.getByLabel('CSV file').setInputFiles({
        name: 'clients.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`\uFEFF${text}`, 'utf8'),
      });
      await page.getByRole('button', { name: 'Check the file' }).click();
    };

    // An impossible date of birth: the problem by line and column, nothing stored.
    await upload(rows('2015-02-30'));
    const problems = page.getByTestId('import-problems');
    await expect.poll(() => problems.locator('caption').textContent()).toContain('1 problem;');
    expect(await problems.locator('tbody tr').first().locator('td').allTextContents()).toEqual([
      '3',
      'date_of_birth',
      'must be a real date written YYYY-MM-DD (or only the year, YYYY)',
    ]);
    expect(await axeViolations(page)).toEqual([]);

    await upload(rows('2015-05-05'));
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await page.getByTestId('import-summary').textContent()).toBe(
      'Clients to register: 2. Cases to open: 1. Already present, to be skipped: clients 0, cases 0.',
    );
    // The payloads read as text, and none became an element or ran.
    expect(await preview.textContent()).toContain(`Ana ${IMG} ${family} ${SCRIPT}`);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await scriptRan(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    const stored = () =>
      db
        .selectFrom('client')
        .select(['given_name', 'family_name'])
        .where('organization_id', '=', p.practice.organization.id)
        .where('family_name', 'like', `${family}%`)
        .orderBy('given_name')
        .execute();
    expect(await stored()).toEqual([]);

    await page.getByRole('button', { name: 'Import the file' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe(
        'Imported. Clients registered: 2. Cases opened: 1. Already present, skipped: clients 0, cases 0.',
      );
    expect(await stored()).toEqual([
      { given_name: `Ana ${IMG}`, family_name: `${family} ${SCRIPT}` },
      { given_name: 'Leo', family_name: family },
    ]);
    // The same file again: everyone is already present and would be skipped.
    await upload(rows('2015-05-05'));
    await expect
      .poll(() => page.getByTestId('import-summary').textContent())
      .toBe(
        'Clients to register: 0. Cases to open: 0. Already present, to be skipped: clients 2, cases 1.',
      );
    expect(await scriptRan(page)).toBe(false);
    expect(admin.errors).toEqual([]);
    await admin.context.close();
  }, 90_000);
});
