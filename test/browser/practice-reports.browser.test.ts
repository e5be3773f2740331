import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weeksOf } from '../../src/core/reports/report-calendar.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-password.ts';
import type { DemoPractice } from '../../src/server/demo/generate-demo-practice.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { axisTitle } from '../helpers/chart-axes.ts';
import { type BrowserServer, axeViolations } from '../helpers/browser-session.ts';
import { startDemoBrowserServer } from '../helpers/demo-browser-server.ts';
import { XSS_IMG, tableCells, xssScriptRan } from '../helpers/page-tables.ts';

const PHONE = 360;
const PERCENT = /^\d{1,3}%$/;

/** A CSV the page offers, downloaded by clicking its link, parsed back by header. */
async function downloadCsv(page: Page, testId: string) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(testId).click(),
  ]);
  const rows = parse(readFileSync((await download.path())!, 'utf8'), {
    columns: true,
  }) as Record<string, string>[];
  return { name: download.suggestedFilename(), rows };
}

/** Where the completion chart's SVG draws its week labels, and the chart's own left and right. */
const chartSvg = (page: Page) => page.getByTestId('completion-chart').locator('svg').first();

const weekLabels = (page: Page) =>
  chartSvg(page).evaluate((svg) => {
    const box = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll('[aria-label="x-axis tick label"] text')].map(
      (text) => {
        const r = text.getBoundingClientRect();
        return { text: text.textContent ?? '', left: r.left, right: r.right };
      },
    );
    return { left: box.left, right: box.right, labels };
  });

/** The week labels are several, inside the chart, and no two of them overlap. */
async function expectWeekLabelsApart(page: Page) {
  const { left, right, labels } = await weekLabels(page);
  expect(labels.length).toBeGreaterThan(1);
  const sorted = labels.toSorted((a, b) => a.left - b.left);
  for (const [i, label] of sorted.entries()) {
    expect(label.left).toBeGreaterThanOrEqual(left);
    expect(label.right).toBeLessThanOrEqual(right);
    if (i > 0)
      expect(label.left, `${label.text} after ${sorted[i - 1]!.text}`).toBeGreaterThan(
        sorted[i - 1]!.right,
      );
  }
  return sorted.map((l) => l.text);
}

/** How many weeks the completion chart's x axis has room for: its width over one step. */
const weekBands = (page: Page) =>
  chartSvg(page).evaluate((svg) => {
    const grid = svg.querySelector('[aria-label="y-grid"] line')!;
    const plotWidth = Number(grid.getAttribute('x2')) - Number(grid.getAttribute('x1'));
    // One step: the least distance between two bars (neighbouring weeks).
    const xs = [...svg.querySelectorAll('[aria-label="bar"] rect')]
      .map((bar) => Number(bar.getAttribute('x')))
      .sort((a, b) => a - b);
    return Math.round(plotWidth / Math.min(...xs.slice(1).map((x, i) => x - xs[i]!)));
  });

const fitsPhone = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    PHONE,
  );

/**
 * Issue 19, "the practice report of the demo shows completion and improvement rates with
 * "< 5" in small groups", on the demo practice as `rapport demo` seeds it (60 clients): the
 * admin opens the report from their home at 360 px, reads completion by week (a chart with
 * its text alternative and a table) and by form, the alerts, each clinic's reliable
 * improvement rates and every therapist's group of fewer than 5 as "< 5"; downloads tables as
 * CSV with the same numbers (a clinic name that starts a formula is guarded, and markup in it
 * stays text); filters by clinic; reads it in Spanish; a therapist sees only their own row.
 */
describe.skipIf(!browserAvailable())('the practice report on the demo, in Chromium', () => {
  let server: BrowserServer;
  let practice: DemoPractice;
  beforeAll(async () => {
    ({ server, practice } = await startDemoBrowserServer(60));
  }, 180_000);
  afterAll(() => server?.close());

  it('shows an admin completion and improvement rates, "< 5" for small groups, CSV, at 360 px in English and Spanish', async () => {
    const { db } = server;
    const [riverside, lakeshore] = practice.clinics;
    // A clinic name that starts a formula and carries markup.
    const hostileName = `=1+1 Lakeshore ${XSS_IMG}`;
    await db
      .updateTable('clinic')
      .set({ name: hostileName })
      .where('id', '=', lakeshore!.id)
      .execute();
    const admin = practice.staff.find((s) => s.roles.some((r) => r.role === 'admin'))!;
    const { page, context, errors } = await server.openAs(admin.email, {
      password: DEMO_PASSWORD,
      viewport: { width: PHONE, height: 780 },
      timeout: 20_000,
      failOnDialog: true,
      acceptDownloads: true,
    });
    await page.getByRole('link', { name: 'Practice report' }).click();
    await page.waitForURL(/\/reports$/);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Practice report');
    await page.getByTestId('completion-table').waitFor();
    expect(await page.getByTestId('median-explained').textContent()).toContain(
      'runs from the first opening of the link',
    );

    // Completion by week: a chart told in words, and the same weeks as a table.
    const period = (await page.getByTestId('report-period').textContent())!;
    expect(period).toMatch(/^From .+ to .+\.$/);
    const chart = page.getByTestId('completion-chart');
    await chart.locator('svg rect').first().waitFor();
    expect(await chart.locator('svg').first().getAttribute('aria-hidden')).toBe('true');
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 83 * 86_400_000).toISOString().slice(0, 10);
    const weeks = weeksOf(from, today).length;
    expect(await chart.locator('figcaption').textContent()).toMatch(
      new RegExp(
        `^${weeks} weeks; \\d+ drawn .*Between \\d+% and \\d+% of forms were completed\\.$`,
      ),
    );
    expect(await axeViolations(page)).toEqual([]);
    await fitsPhone(page);
    // At 360 px the weeks are too narrow for a date each: every few weeks is labelled, apart.
    expect(await axisTitle(page, 'completion-chart', 'x')).toBe('Week of');
    expect(await axisTitle(page, 'completion-chart', 'y')).toContain('Completed (%)');
    const english = await expectWeekLabelsApart(page);
    for (const label of english) expect(label).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    // Turned to a wide screen and back, the chart is drawn again to the width it has.
    const chartWidth = async () => Number(await chartSvg(page).getAttribute('width'));
    await page.setViewportSize({ width: 800, height: 780 });
    await expect.poll(chartWidth).toBeGreaterThan(600);
    await page.setViewportSize({ width: PHONE, height: 780 });
    await expect.poll(chartWidth).toBeLessThanOrEqual(PHONE);
    expect(await expectWeekLabelsApart(page)).toEqual(english);
    // Switching the language redraws the chart in it, and back.
    await page.getByLabel('Language').selectOption('es');
    await expect.poll(() => axisTitle(page, 'completion-chart', 'x')).toBe('Semana del');
    expect(await axisTitle(page, 'completion-chart', 'y')).toContain('Completados (%)');
    const spanish = await expectWeekLabelsApart(page);
    for (const label of spanish) expect(label).toMatch(/^\d{1,2} \p{L}+\.? \d{4}$/u);
    expect(await axeViolations(page)).toEqual([]);
    await fitsPhone(page);
    await page.getByLabel('Idioma').selectOption('en');
    await expect.poll(() => axisTitle(page, 'completion-chart', 'x')).toBe('Week of');
    expect(await expectWeekLabelsApart(page)).toEqual(english);
    await chart.getByRole('button', { name: 'Show as a table' }).click();
    const weekRows = await tableCells(page, 'completion-weeks-table');
    expect(weekRows).toHaveLength(weeks);
    expect(weekRows.some((r) => PERCENT.test(r[3]!))).toBe(true);

    // By week and form: counts and rates, "< 5" where fewer than 5 people were asked.
    const completion = await tableCells(page, 'completion-table');
    expect(completion.some((r) => Number(r[2]) >= 5 && PERCENT.test(r[4]!))).toBe(true);
    const small = completion.find((r) => r[2] === '< 5')!;
    expect([small[4], small[6], small[7]]).toEqual(['—', '—', '—']);
    expect(['< 5', '0']).toContain(small[5]);
    // Minutes answering from the seeded openings (4–14 s an item): a few minutes, on forms
    // whose link has an opening time; the delay from the link being made runs to hours.
    const timed = completion.filter((r) => Number(r[5]) >= 5);
    expect(timed.length).toBeGreaterThan(0);
    for (const r of timed) {
      expect(Number(r[6])).toBeGreaterThan(0);
      expect(Number(r[6])).toBeLessThanOrEqual(11);
    }
    const completionCsv = await downloadCsv(page, 'completion-csv');
    expect(completionCsv.name).toMatch(
      /^practice-report-completion-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/,
    );
    expect(completionCsv.rows).toHaveLength(completion.length);
    completionCsv.rows.forEach((row, i) => {
      expect(row.asked).toBe(completion[i]![2]);
      expect(row.timed).toBe(completion[i]![5]);
      expect(row.median_minutes_answering || '—').toBe(completion[i]![6]);
      expect(row.rate === '' ? '—' : `${Math.round(Number(row.rate) * 100)}%`).toBe(
        completion[i]![4],
      );
    });

    // Alerts, by type and in all.
    const alerts = await tableCells(page, 'alerts-table');
    expect(alerts.at(-1)![0]).toBe('All alerts');
    expect(Number(alerts.at(-1)![1])).toBeGreaterThanOrEqual(5);

    // Reliable improvement per clinic (each clinic's markup stays text) and per therapist,
    // where every therapist's group is under 5 people.
    const clinics = await tableCells(page, 'clinic-outcomes-table');
    expect(clinics.map((r) => r[0])).toContain(hostileName);
    const measured = clinics.filter((r) => r[2] !== '< 5');
    expect(measured.length).toBeGreaterThan(0);
    for (const r of measured) {
      expect(Number(r[2])).toBeGreaterThanOrEqual(5);
      expect(r[3]).toMatch(PERCENT);
      expect(r[4]).toMatch(PERCENT);
    }
    const therapists = await tableCells(page, 'therapist-outcomes-table');
    expect(therapists.length).toBeGreaterThan(0);
    for (const r of therapists) expect(r.slice(2)).toEqual(['< 5', '—', '—']);
    const clinicCsv = await downloadCsv(page, 'clinic-outcomes-csv');
    expect(clinicCsv.rows.map((r) => r.clinic)).toContain(`'${hostileName}`);
    clinicCsv.rows.forEach((row, i) => {
      expect(row.measured).toBe(clinics[i]![2]);
      if (row.improved_rate !== '')
        expect(`${Math.round(Number(row.improved_rate) * 100)}%`).toBe(clinics[i]![3]);
    });
    const therapistCsv = await downloadCsv(page, 'therapist-outcomes-csv');
    expect(therapistCsv.rows).toHaveLength(therapists.length);
    for (const row of therapistCsv.rows)
      expect([row.measured, row.improved_rate, row.deteriorated_rate]).toEqual(['< 5', '', '']);
    expect(await axeViolations(page)).toEqual([]);
    await fitsPhone(page);

    // One clinic.
    await page.getByLabel('Clinic', { exact: true }).selectOption(riverside!.id);
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(new RegExp(`clinicId=${riverside!.id}`));
    await expect
      .poll(async () => (await tableCells(page, 'clinic-outcomes-table')).map((r) => r[0]))
      .toEqual(['Riverside', 'Riverside']);

    // A period running two weeks past today: the weeks with nothing asked yet are held back,
    // and keep their place on the axis as a gap rather than vanishing from it.
    const ahead = (days: number) =>
      new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From', { exact: true }).fill(ahead(-35));
    await page.getByLabel('To', { exact: true }).fill(ahead(14));
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    const periodWeeks = weeksOf(ahead(-35), ahead(14)).length;
    await expect
      .poll(() => chart.locator('figcaption').textContent())
      .toMatch(new RegExp(`^${periodWeeks} weeks; [1-${periodWeeks - 2}] drawn`));
    await chart.locator('svg rect').first().waitFor();
    expect(await weekBands(page)).toBe(periodWeeks);

    // A period that ends before it starts: said, and the filters stay to change it.
    await page.getByLabel('From', { exact: true }).fill('2026-11-30');
    await page.getByLabel('To', { exact: true }).fill('2026-11-01');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(
        'Check the period: its start must not be after its end, nor more than 400 days before it.',
      );
    expect(await page.getByLabel('Clinic', { exact: true }).inputValue()).toBe(riverside!.id);
    await page.getByLabel('To', { exact: true }).fill('2026-12-01');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('report-period').textContent())
      .toBe('From Nov 30, 2026 to Dec 1, 2026.');

    // In Spanish.
    await page.getByLabel('Language').selectOption('es');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Informe de la práctica');
    expect(await page.getByTestId('median-explained').textContent()).toContain(
      'desde la primera apertura del enlace',
    );
    expect(await axeViolations(page)).toEqual([]);
    await fitsPhone(page);

    // Every read and download is audited, with no person in it.
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'details'])
      .where('actor_id', '=', admin.id)
      .where('action', 'in', ['practice-report.read', 'practice-report.export'])
      .execute();
    expect(audit.filter((a) => a.action === 'practice-report.export')).toHaveLength(3);
    for (const a of audit)
      expect(Object.keys(JSON.parse(a.details) as object)).not.toContain('therapistId');
    expect(await xssScriptRan(page)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();

    // A therapist: their own row only, from their navigation.
    const name = therapists[0]![0]!;
    const therapist = practice.staff.find(
      (s) => s.displayName === name && s.roles.every((r) => r.role === 'therapist'),
    )!;
    const own = await server.openAs(therapist.email, {
      password: DEMO_PASSWORD,
      viewport: { width: PHONE, height: 780 },
      timeout: 20_000,
    });
    await own.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Reports' })
      .click();
    await own.page.getByTestId('therapist-outcomes-table').waitFor();
    expect(
      new Set((await tableCells(own.page, 'therapist-outcomes-table')).map((r) => r[0])),
    ).toEqual(new Set([name]));
    expect(await own.page.getByTestId('clinic-outcomes-table').count()).toBe(0);
    expect(await own.page.getByText('Counts and rates for your own cases').count()).toBe(1);
    expect(await axeViolations(own.page)).toEqual([]);
    await fitsPhone(own.page);
    expect(own.errors).toEqual([]);
    await own.context.close();
  }, 240_000);
});
