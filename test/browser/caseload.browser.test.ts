import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeCaseAlerts } from '../../src/server/alerts/recompute-case-alerts.service.ts';
import { createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestPractice } from '../helpers/factories.ts';
import { createScoredCase, insertCaseViewPlan } from '../helpers/scored-case.fixture.ts';

const WEEK = 7 * 86_400_000;

describe.skipIf(!browserAvailable())('the caseload table in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    // Password-only, so this test is about the table; case-view.browser.test.ts signs in with TOTP.
    server = await startBrowserServer({ mode: 'password-only' });
  });
  afterAll(() => server?.close());

  it('sorts by column, searches by name or reference, and speaks Spanish, at 320 px', async () => {
    const clock = () => new Date();
    const practice = await createTestPractice(server.db);
    await insertCaseViewPlan(server.db, clock, practice);
    const therapist = await createStaffWithPassword(server.db, practice, 'therapist');
    // Three individual cases: latest alliance 30, 55 and 44, after 1, 3 and 2 sessions. The
    // last one's PHQ-9 of 12 answers item 9 with 1: an urgent alert, so it comes first; the
    // others only have their PHQ-9 outstanding.
    const made: Awaited<ReturnType<typeof createScoredCase>>[] = [];
    for (const [total, sessions] of [
      [30, 1],
      [55, 3],
      [44, 2],
    ] as const) {
      made.push(
        await createScoredCase(server.db, clock, practice, therapist.id, {
          type: 'individual',
          members: 1,
          attendance: Array.from({ length: sessions }, () => 'attended' as const),
          firstSessionAt: new Date(Date.now() - 4 * WEEK).toISOString(),
          wai: () => total,
          phq: () => (total === 44 ? 12 : null),
        }),
      );
    }
    await recomputeCaseAlerts(server.db, clock, practice.organization.id, made[2]!.careCase.id);
    const { context, page, errors } = await server.openAs(therapist.email, {
      viewport: { width: 320, height: 640 },
    });
    await page.goto(`${server.base}/caseload`);
    const rows = page.getByTestId('caseload-row');
    await expect.poll(() => rows.count()).toBe(3);
    const order = async () =>
      (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-case-id')))).map(
        (id) => made.findIndex((m) => m.careCase.id === id),
      );

    // By default, what needs attention before the next session comes first.
    expect((await order())[0]).toBe(2);
    expect(await rows.first().getByTestId('attention').textContent()).toBe('Urgent alert');
    expect(await rows.nth(1).getByTestId('attention').textContent()).toBe('Forms outstanding');
    expect(
      await page.getByRole('columnheader', { name: /Needs attention/ }).getAttribute('aria-sort'),
    ).toBe('ascending');

    // On a 390 px phone, what needs attention (with the next session under it) is seen
    // without scrolling sideways.
    await page.setViewportSize({ width: 390, height: 640 });
    const attention = await page
      .getByRole('columnheader', { name: /Needs attention/ })
      .boundingBox();
    expect(attention!.x + attention!.width).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 320, height: 640 });

    const allianceHeader = page.getByRole('columnheader', { name: /Latest alliance/ });
    await allianceHeader.getByRole('button').click();
    expect(await order()).toEqual([0, 2, 1]);
    expect(await allianceHeader.getAttribute('aria-sort')).toBe('ascending');
    await allianceHeader.getByRole('button').click();
    expect(await order()).toEqual([1, 2, 0]);
    expect(await allianceHeader.getAttribute('aria-sort')).toBe('descending');
    await page
      .getByRole('columnheader', { name: /Sessions attended/ })
      .getByRole('button')
      .click();
    expect(await order()).toEqual([0, 2, 1]);
    expect(await allianceHeader.getAttribute('aria-sort')).toBeNull();

    const search = page.getByLabel('Search by client name or case reference');
    await search.fill(made[2]!.careCase.reference.toLowerCase());
    expect(await order()).toEqual([2]);
    await search.fill(made[1]!.clients[0]!.familyName);
    expect(await order()).toEqual([1]);
    expect(await page.getByTestId('caseload-count').textContent()).toBe('1 case shown');
    await search.fill('');
    expect(await rows.first().getByRole('img').getAttribute('aria-label')).toMatch(
      /^Client alliance over the last \d sessions: /,
    );
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Language').selectOption('es');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Casos');
    await expect
      .poll(() => page.getByRole('columnheader', { name: /Alianza más reciente/ }).isVisible())
      .toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
