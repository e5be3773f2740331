import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSupervision } from '../../src/server/staff/staff.repository.ts';
import { createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { expectAxisFollowsLanguage } from '../helpers/chart-axes.ts';
import {
  type BrowserServer,
  axeViolations,
  signIn,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestPractice } from '../helpers/factories.ts';
import { createScoredCase, insertCaseViewPlan } from '../helpers/scored-case.fixture.ts';

const WEEK = 7 * 86_400_000;
// Alex answers after sessions 1–3, Sam after 1 and 3: three points and two.
const WAI: Record<string, number> = { '1:0': 41, '2:0': 47, '3:0': 52, '1:1': 35, '3:1': 44 };

describe.skipIf(!browserAvailable())('caseload and case view in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'two-factor' });
  });
  afterAll(() => server?.close());

  it('a therapist with TOTP sees the caseload and the couple case; others see it read-only or not at all', async () => {
    const { base, db } = server;
    const clock = () => new Date();
    const practice = await createTestPractice(db);
    await insertCaseViewPlan(db, clock, practice);
    const therapist = await createStaffWithPassword(db, practice, 'therapist');
    const colleague = await createStaffWithPassword(db, practice, 'therapist');
    const supervisor = await createStaffWithPassword(db, practice, 'supervisor');
    const researcher = await createStaffWithPassword(db, practice, 'researcher');
    await insertSupervision(db, practice.organization.id, supervisor.id, therapist.id);
    const { careCase, clients } = await createScoredCase(db, clock, practice, therapist.id, {
      type: 'couple',
      members: 2,
      attendance: ['attended', 'attended', 'attended', 'scheduled'],
      firstSessionAt: new Date(Date.now() - 3 * WEEK).toISOString(),
      wai: (session, member) => WAI[`${session}:${member}`] ?? null,
      phq: (session, member) => (member === 0 ? 14 - session * 2 : null),
      interpretedSessions: [2],
    });
    const [alex, sam] = clients;

    const { context, page, errors } = await server.openPage({
      viewport: { width: 390, height: 844 },
    });
    await page.goto(`${base}/sign-in`);
    await signIn(page, therapist.email);
    await page.waitForURL(/\/sign-in\/set-up$/);
    const secret = (await page.getByTestId('totp-secret').getAttribute('data-secret'))!;
    await page.getByLabel(/6-digit code the app now shows/).fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();

    // The staff home is the caseload.
    await page.waitForURL(`${base}/`);
    const rows = page.getByTestId('caseload-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-case-id')).toBe(careCase.id);
    expect(await rows.first().getByTestId('latest-alliance').textContent()).toContain('Alex 52');
    expect(await rows.first().getByRole('img').getAttribute('aria-label')).toBe(
      'Client alliance over the last 3 sessions: 38, 47, 48',
    );
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Caseload' }).click();
    await page.waitForURL(`${base}/caseload`);
    await page.getByLabel('Search by client name or case reference').fill('nobody-matches');
    await expect.poll(() => rows.count()).toBe(0);
    await page.getByLabel('Search by client name or case reference').fill(sam!.givenName);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await rows.first().getByRole('link').click();
    await page.waitForURL(`${base}/cases/${careCase.id}`);
    const points = page.getByTestId('alliance-total-chart').getByTestId('alliance-point');
    await expect.poll(() => points.count()).toBe(5);
    const perMember = async (id: string) =>
      page
        .getByTestId('alliance-total-chart')
        .locator(`[data-testid="alliance-point"][data-respondent="${id}"]`)
        .count();
    expect(await perMember(alex!.id)).toBe(3);
    expect(await perMember(sam!.id)).toBe(2);
    // Goal, task and bond: one point per scale per scored session per member.
    expect(
      await page
        .getByTestId('alliance-subscale-chart')
        .getByTestId('alliance-subscale-point')
        .count(),
    ).toBe(15);
    expect(await page.getByTestId('outcome-chart-phq-9').getByTestId('outcome-point').count()).toBe(
      3,
    );
    expect(await page.getByTestId('read-only-banner').count()).toBe(0);
    const sessionRows = page.getByTestId('session-row');
    expect(await sessionRows.count()).toBe(4);
    expect(await sessionRows.nth(2).textContent()).toContain('Spanish');
    // Each session opens its page; the case's therapist may add one.
    expect(
      await sessionRows
        .nth(2)
        .getByRole('link', { name: 'Session 2', exact: true })
        .getAttribute('href'),
    ).toMatch(/^\/sessions\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('link', { name: 'New session' }).getAttribute('href')).toBe(
      `/cases/${careCase.id}/sessions/new`,
    );
    // The alerts and the supervision notes are on the case page itself.
    await expect
      .poll(() => page.getByRole('region', { name: 'Alerts', exact: true }).textContent())
      .toContain('No alerts');
    await expect
      .poll(() => page.getByRole('region', { name: 'Supervision notes' }).isVisible())
      .toBe(true);
    // Drawn again in the page's language when it is changed, and back.
    await expectAxisFollowsLanguage(page, 'alliance-total-chart', { en: 'Session', es: 'Sesión' });
    // The same numbers as a table.
    await page
      .getByTestId('alliance-total-chart')
      .getByRole('button', { name: 'Show as a table' })
      .click();
    const table = page.getByTestId('alliance-total-chart-table');
    expect(await table.locator('tbody tr').count()).toBe(5);
    expect(await table.locator('tbody tr').first().textContent()).toContain('41');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    // Everyone else signs in on a password-only instance of the same database.
    const other = await server.serve({ mode: 'password-only' });
    const visit = async (email: string) => {
      // Its errors include any Content-Security-Policy violation (the charts included).
      const {
        context: ctx,
        page: p,
        errors: errs,
      } = await server.openPage({
        viewport: { width: 320, height: 640 },
      });
      await p.goto(`${other}/sign-in`);
      await signIn(p, email);
      await p.waitForURL(`${other}/`);
      await p.goto(`${other}/cases/${careCase.id}`);
      const api = await p.request.get(`${other}/api/cases/${careCase.id}`);
      return { ctx, p, api, errs };
    };

    const asColleague = await visit(colleague.email);
    await expect
      .poll(() => asColleague.p.getByRole('heading', { level: 1 }).textContent())
      .toBe('There is nothing at this address.');
    expect(asColleague.api.status()).toBe(404);
    await asColleague.ctx.close();

    const asResearcher = await visit(researcher.email);
    await expect
      .poll(() => asResearcher.p.getByRole('heading', { level: 1 }).textContent())
      .toBe('There is nothing at this address.');
    expect(asResearcher.api.status()).toBe(404);
    await asResearcher.ctx.close();

    const asSupervisor = await visit(supervisor.email);
    expect(asSupervisor.api.status()).toBe(200);
    const banner = asSupervisor.p.getByTestId('read-only-banner');
    await expect.poll(() => banner.textContent()).toContain('Read-only');
    await expect.poll(() => asSupervisor.p.getByTestId('alliance-point').count()).toBe(5);
    // Nothing to change on the case: no session links to edit from, no "New session", no
    // alert buttons, no form fields outside the supervision notes (supervisors write notes).
    expect(await asSupervisor.p.getByRole('link', { name: 'New session' }).count()).toBe(0);
    await expect
      .poll(() => asSupervisor.p.getByRole('region', { name: 'Alerts', exact: true }).count())
      .toBe(1);
    expect(
      await asSupervisor.p
        .locator('main')
        .locator('input, select, textarea')
        .evaluateAll((fields) => fields.filter((f) => !f.closest('.supervision-notes')).length),
    ).toBe(0);
    expect(await axeViolations(asSupervisor.p)).toEqual([]);
    await asSupervisor.p.goto(`${other}/caseload`);
    // A slow first load on a busy machine outlasts the default second of polling.
    await expect
      .poll(() => asSupervisor.p.getByTestId('read-only-badge').count(), { timeout: 10_000 })
      .toBe(1);
    expect(asSupervisor.errs).toEqual([]);
    await asSupervisor.ctx.close();
  }, 120_000);
});
