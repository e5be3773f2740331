import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertRequests,
  requestToRow,
} from '../../src/server/measurement/questionnaire-request.repository.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { expectAxisFollowsLanguage } from '../helpers/chart-axes.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestCase } from '../helpers/factories.ts';
import { createRolePractice } from '../helpers/role-practice.ts';
import { createTestParticipant, createTestStudy } from '../helpers/study.fixture.ts';

/** Markup that runs script if a page ever renders text as HTML. */
const IMG = '<img src=x onerror=window.__xss=1>';
const scriptRan = (page: Page) =>
  page.evaluate(() => (window as unknown as { __xss?: number }).__xss !== undefined);
const cells = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent!.trim())),
    );

describe.skipIf(!browserAvailable())('the study dashboard in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only' });
  });
  afterAll(() => server?.close());

  it('shows enrolment, consents, forms and a chart with its text alternative, axe-clean', async () => {
    const { db } = server;
    const p = await createRolePractice(db);
    const clinicName = `North ${IMG}`;
    await db
      .updateTable('clinic')
      .set({ name: clinicName })
      .where('id', '=', p.practice.clinic.id)
      .execute();
    const study = await createTestStudy(db, p.practice, p.staff.researcher.id, {
      measures: [{ instrumentId: 'wai-sr', respondent: 'client', sessionNumbers: [1] }],
    });
    await db
      .updateTable('study')
      .set({ title: `Alliance formation ${IMG}`, reconsent_below_version: 2 })
      .where('id', '=', study.id)
      .execute();
    const cases = [
      await createTestCase(db, p.practice, p.staff.therapist1.id),
      await createTestCase(db, p.practice, p.staff.therapist1.id),
      await createTestCase(db, p.practice, p.staff.therapist1.id),
    ];
    const participants = [];
    for (const [i, c] of cases.entries())
      participants.push(
        await createTestParticipant(
          db,
          p.practice,
          study,
          { role: 'client', caseId: c.careCase.id, clientId: c.clients[0]!.id },
          i === 2 ? 'declined' : 'consented',
        ),
      );
    const signed = [
      '2026-10-05T10:00:00.000Z',
      '2026-10-07T10:00:00.000Z',
      '2026-10-20T10:00:00.000Z',
    ];
    for (const [i, participant] of participants.entries())
      await db
        .insertInto('consent_record')
        .values({
          id: randomUUID(),
          organization_id: study.organizationId,
          study_id: study.id,
          participant_id: participant.id,
          consent_version_id: study.consentVersionId,
          invitation_id: null,
          kind: 'consent',
          decision: i === 2 ? 'declined' : 'consented',
          channel: 'link',
          typed_name: 'Typed Name',
          ticked_statements: '[0,1]',
          text_sha256: 'a'.repeat(64),
          signed_at: signed[i]!,
          receipt_pdf: null,
          receipt_sha256: null,
          receipt_token_hash: null,
        })
        .execute();
    // The first participant was asked the WAI-SR after session 1 (not answered yet).
    const requestId = randomUUID();
    const first = cases[0]!;
    await insertRequests(db, [
      requestToRow(
        {
          id: requestId,
          organizationId: study.organizationId,
          caseId: first.careCase.id,
          sessionId: first.sessions[0]!.id,
          respondentKind: 'client',
          clientId: first.clients[0]!.id,
          staffUserId: null,
          instruments: ['wai-sr'],
          language: 'en',
          status: 'open',
          createdAt: '2026-11-02T10:00:00.000Z',
          expiresAt: '2099-01-01T00:00:00.000Z',
          completedAt: null,
        },
        `hash-${requestId}`,
      ),
    ]);
    await db
      .insertInto('study_request_item')
      .values({
        organization_id: study.organizationId,
        study_id: study.id,
        participant_id: participants[0]!.id,
        request_id: requestId,
        instrument_id: 'wai-sr',
        measure_id: study.measureIds[0]!,
        also_clinical: 0,
      })
      .execute();

    const { page, context, errors } = await server.openAs(p.staff.researcher.email, {
      path: `/research/${study.id}`,
      viewport: { width: 390, height: 844 },
      timeout: 20_000,
      failOnDialog: true,
    });
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Dashboard: Alliance formation ${IMG}`);

    expect(await cells(page, 'enrolment-table')).toEqual([[clinicName, '6', '2 of 6']]);
    expect(await cells(page, 'status-table')).toEqual([
      [clinicName, 'Clients', '0', '2', '1', '0', '0'],
      [clinicName, 'Therapists', '0', '0', '0', '0', '0'],
    ]);
    expect(await cells(page, 'versions-table')).toEqual([
      ['en', '1', 'Oct 1, 2026', '2', '1', '0'],
    ]);
    expect(await cells(page, 'reconsent-table')).toEqual(
      participants
        .slice(0, 2)
        .map((x) => [x.pseudonym, 'Client (each member)', clinicName, 'version 1 (en)'])
        .sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(await cells(page, 'forms-table')).toEqual([
      ['Clients', '1', 'Working Alliance Inventory – Short Revised (WAI-SR), client', '1', '0'],
    ]);
    expect(await page.getByTestId('interviews-line').textContent()).toBe(
      'No interview has been held yet.',
    );

    // The chart: drawn, hidden from assistive technology, told in words, and as a table.
    const chart = page.getByTestId('consents-chart');
    await chart.locator('svg rect').first().waitFor();
    expect(await chart.locator('svg').first().getAttribute('aria-hidden')).toBe('true');
    expect(await chart.locator('figcaption').textContent()).toBe(
      'Weeks of Oct 5, 2026 to Oct 19, 2026: consents 2, declines 1. Most consents in one week: 2 (week of Oct 5, 2026).',
    );
    const figure = await chart.evaluate((el) => ({
      labelledBy: document.getElementById(el.getAttribute('aria-labelledby')!)?.textContent,
    }));
    expect(figure.labelledBy).toBe('Consents and declines per week');
    expect(await scriptRan(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    // Drawn again in the page's language when it is changed, and back.
    // Dates under the axis too: "Nov 2" in English, "2 nov" in Spanish.
    await expectAxisFollowsLanguage(
      page,
      'consents-chart',
      { en: 'Week', es: 'Semana' },
      { en: /^[A-Z][a-z]{2} \d{1,2}$/, es: /^\d{1,2} [a-z]{3,4}\.?$/ },
    );

    await chart.getByRole('button', { name: 'Show as a table' }).click();
    expect(await cells(page, 'consents-chart-table')).toEqual([
      ['Oct 5, 2026', '2', '0'],
      ['Oct 12, 2026', '0', '0'],
      ['Oct 19, 2026', '0', '1'],
    ]);
    expect(await axeViolations(page)).toEqual([]);

    // On a desktop, the same page is axe-clean too.
    await page.setViewportSize({ width: 1280, height: 900 });
    await chart.getByRole('button', { name: 'Show as a table' }).click();
    await chart.locator('svg rect').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await scriptRan(page)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
