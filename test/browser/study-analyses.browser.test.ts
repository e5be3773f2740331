import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, migrateToLatest, openDatabase } from '../../src/server/db/database.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-password.ts';
import { DEMO_STUDY_TITLE } from '../../src/server/demo/demo-study-seed.repository.ts';
import { generateDemoPractice } from '../../src/server/demo/generate-demo-practice.ts';
import { seedDemoPractice } from '../../src/server/demo/seed-demo-practice.ts';
import { findParticipantForTeam } from '../../src/server/research/enrolment/enrolment.repository.ts';
import { withdrawParticipant } from '../../src/server/research/enrolment/withdrawal.service.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { expectAxisFollowsLanguage } from '../helpers/chart-axes.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { XSS_IMG, tableCells, xssScriptRan } from '../helpers/page-tables.ts';

// Today at 00:00 UTC, as `rapport demo` anchors its practice.
const anchor = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
const SEED = 'harmonybridge';
const PHONE = 360;

/**
 * Issue 18's analyses on the demo's founding study, in Chromium at phone width: a researcher
 * opens the H7 table (values and n shown), downloads it as CSV (the same numbers), sees the
 * Bland–Altman plot with its text alternative and table, picks a session; when most clients
 * have withdrawn, every group is under 5 and reads "< 5" with no statistics.
 */
describe.skipIf(!browserAvailable())('a study’s analyses in Chromium', () => {
  let server: BrowserServer;
  const practice = generateDemoPractice({ clients: 60, seed: SEED, anchor });
  beforeAll(async () => {
    const database = openDatabase({
      dialect: 'sqlite',
      file: join(mkdtempSync(join(tmpdir(), 'rapport-analyses-')), 'demo.db'),
    });
    await migrateToLatest(database.db);
    await seedDemoPractice(database.db, () => new Date(), practice, { seed: SEED, anchor });
    server = await startBrowserServer({ mode: 'password-only', database });
  }, 180_000);
  afterAll(() => server?.close());

  it('shows the H7 table, its CSV and the Bland–Altman plot, axe-clean at 360 px; small groups read "< 5"', async () => {
    const { db } = server;
    const study = await db
      .selectFrom('study')
      .select(['id', 'organization_id'])
      .where('title', '=', DEMO_STUDY_TITLE)
      .executeTakeFirstOrThrow();
    // A title with markup stays text.
    await db
      .updateTable('study')
      .set({ title: `${DEMO_STUDY_TITLE} ${XSS_IMG}` })
      .where('id', '=', study.id)
      .execute();
    const researcher = practice.staff.find((s) => s.roles.some((r) => r.role === 'researcher'))!;
    const { page, context, errors } = await server.openAs(researcher.email, {
      path: `/research/${study.id}`,
      password: DEMO_PASSWORD,
      viewport: { width: PHONE, height: 780 },
      timeout: 20_000,
      failOnDialog: true,
      acceptDownloads: true,
    });
    await page.getByRole('link', { name: 'Analyses' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Analyses: ${DEMO_STUDY_TITLE} ${XSS_IMG}`);

    // Across sessions (the default, said on the page): the 10 clients still in the study with
    // answers (one of the 12 withdrew after session 3; the newest intake has not reached
    // session 3), every pair with its r, CI and p.
    expect(await page.getByTestId('view-explained').textContent()).toContain(
      "each participant's mean over the sessions",
    );
    const h7 = await tableCells(page, 'h7-table');
    expect(h7).toHaveLength(12);
    expect(h7[0]!.slice(0, 3)).toEqual(['Goal', expect.stringContaining('WHO-5'), '10']);
    for (const row of h7) {
      expect(row[2]).toBe('10');
      expect(row[3]).toMatch(/^-?0\.\d\d$/);
      expect(row[4]).toMatch(/^-?[01]\.\d\d – -?[01]\.\d\d$/);
      expect(row[5]).toMatch(/^(< )?0\.\d\d\d$|^1\.000$/);
    }

    // The CSV holds the same numbers, unrounded.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('h7-table-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe('study-analyses-h7-across.csv');
    const rows = parse(readFileSync((await download.path())!, 'utf8'), {
      columns: true,
    }) as Record<string, string>[];
    expect(rows).toHaveLength(12);
    rows.forEach((row, i) => {
      expect(row.view).toBe('across');
      expect(row.n).toBe('10');
      expect(Number(row.r).toFixed(2)).toBe(h7[i]![3]!.replace('-0.00', '0.00'));
      expect(Number(row.p_bh)).toBeGreaterThanOrEqual(Number(row.p));
    });

    // Client vs therapist: the Bland–Altman plot, hidden from assistive technology, told in
    // words, and every pair as a table.
    const chart = page.getByTestId('bland-altman-chart');
    await chart.locator('svg circle').first().waitFor();
    expect(await chart.locator('svg circle').count()).toBe(10);
    expect(await chart.locator('svg').first().getAttribute('aria-hidden')).toBe('true');
    expect(await chart.locator('figcaption').textContent()).toMatch(
      /^10 pairs\. Mean difference -?\d\.\d\d; 95 % limits of agreement -?\d\.\d\d to -?\d\.\d\d; \d+ pairs outside them\.$/,
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE,
    );
    // Drawn again in the page's language when it is changed, and back.
    await expectAxisFollowsLanguage(page, 'bland-altman-chart', {
      en: 'Mean of client and therapist',
      es: 'Media de cliente y terapeuta',
    });
    await chart.getByRole('button', { name: 'Show as a table' }).click();
    expect(await tableCells(page, 'bland-altman-table')).toHaveLength(10);
    expect(await tableCells(page, 'reliability-table')).toContainEqual([
      expect.stringContaining('WAI-SR'),
      'Total',
      '3',
      '12',
      '9',
      expect.stringMatching(/^0\.\d\d$/),
      expect.stringMatching(/ – /),
      expect.stringMatching(/^0\.\d\d$/),
    ]);
    // Sessions 3 and 5 give each client one pair: the model says why it is not estimated.
    expect((await tableCells(page, 'mixed-table'))[0]![3]).toMatch(/^Not estimable/);
    expect(await axeViolations(page)).toEqual([]);

    // One session: session 3's answers.
    await page.getByLabel('Sessions', { exact: true }).selectOption('3');
    await expect.poll(async () => (await tableCells(page, 'h7-table'))[0]?.[2]).toBe('9');
    expect(await page.getByTestId('view-explained').textContent()).toBe(
      'Session 3: the scores given after session 3.',
    );

    // Seven more clients withdraw: 4 people are left, and every group reads "< 5".
    const actor = {
      userId: researcher.id,
      organizationId: study.organization_id,
      roles: [],
      authSessionId: 'browser-test',
    };
    const clients = await db
      .selectFrom('study_participant')
      .select('id')
      .where('study_id', '=', study.id)
      .where('role', '=', 'client')
      .where('status', '=', 'consented')
      .orderBy('pseudonym')
      .limit(7)
      .execute();
    for (const c of clients)
      await inTransaction(db, async (trx) =>
        withdrawParticipant(
          trx,
          () => new Date(),
          (await findParticipantForTeam(trx, actor, c.id))!,
          { kind: 'staff', id: researcher.id, ip: null, requestId: null },
        ),
      );
    await page.getByLabel('Sessions', { exact: true }).selectOption('across');
    await expect.poll(async () => (await tableCells(page, 'h7-table'))[0]?.[2]).toBe('< 5');
    for (const row of await tableCells(page, 'h7-table'))
      expect(row.slice(2)).toEqual(['< 5', '—', '—', '—', '—']);
    expect(await page.getByTestId('bland-altman-none').textContent()).toBe(
      'No Bland–Altman plot: too few pairs in this view.',
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE,
    );
    expect(await xssScriptRan(page)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
