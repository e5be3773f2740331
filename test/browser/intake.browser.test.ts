import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hashQuestionnaireToken,
  questionnaireToken,
} from '../../src/server/measurement/questionnaire-link.ts';
import {
  insertRequests,
  requestToRow,
} from '../../src/server/measurement/questionnaire-request.repository.ts';
import { insertSessions, sessionToRow } from '../../src/server/sessions/session.repository.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createRolePractice } from '../helpers/role-practice.ts';

const SECRET = 'intake-browser-secret-0123456789-0123456789';
/** Markup that runs script if a page ever renders text as HTML. */
const IMG = '<img src=x onerror=window.__xss=1>';
const scriptRan = (page: Page) =>
  page.evaluate(() => (window as unknown as { __xss?: number }).__xss !== undefined);
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe.skipIf(!browserAvailable())('intake in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only', secret: SECRET });
  });
  afterAll(() => server?.close());

  const onPhone = (email: string) =>
    server.openAs(email, {
      viewport: { width: 390, height: 844 },
      timeout: 20_000,
      failOnDialog: true,
    });

  it('an admin registers clients, a therapist opens a couple case and closes it; its link dies', async () => {
    const { db, base } = server;
    const p = await createRolePractice(db);
    const family = `Okafor${randomUUID().slice(0, 4)}`;
    await db
      .updateTable('staff_user')
      .set({ display_name: 'Dr Rhea Moss' })
      .where('id', '=', p.staff.therapist1.id)
      .execute();

    // The admin registers two clients; the preferred name carries markup that must stay text.
    const admin = await onPhone(p.staff.admin.email);
    await admin.page.goto(`${base}/clients`);
    await expect.poll(() => heading(admin.page)).toBe('Clients');
    for (const [given, born] of [
      ['Ada', '1984-02-11'],
      ['Ben', '1982-07-30'],
    ] as const) {
      await admin.page.getByLabel('Given name').fill(given);
      await admin.page.getByLabel('Family name').fill(family);
      await admin.page.getByLabel('Preferred name (optional)').fill(`${given} ${IMG}`);
      await admin.page.getByLabel('Date of birth').fill(born);
      await admin.page.getByRole('button', { name: 'Add the client' }).click();
      await expect
        .poll(() => admin.page.getByTestId('client-row').filter({ hasText: given }).count())
        .toBe(1);
    }
    // The same person again: the page warns, and adds them only once confirmed.
    await admin.page.getByLabel('Given name').fill('Ada');
    await admin.page.getByLabel('Family name').fill(family);
    await admin.page.getByLabel('Date of birth').fill('1984-02-11');
    await admin.page.getByRole('button', { name: 'Add the client' }).click();
    await expect
      .poll(() => admin.page.getByRole('alert').first().textContent())
      .toContain('already exists');
    await admin.page.getByLabel(/different person/).waitFor();
    expect(await axeViolations(admin.page)).toEqual([]);
    expect(await scriptRan(admin.page)).toBe(false);
    // A client's record: edited, with a history that names the fields, never their values.
    await admin.page.getByRole('link', { name: `Ben (Ben ${IMG}) ${family}` }).click();
    await expect.poll(() => heading(admin.page)).toBe(`Ben (Ben ${IMG}) ${family}`);
    await admin.page.getByLabel('Mobile number for links (optional)').fill('+44 7700 900456');
    await admin.page.getByRole('button', { name: 'Save the changes' }).click();
    await expect
      .poll(() => admin.page.getByTestId('client-history').first().textContent())
      .toContain('changed: ');
    const history = await admin.page.getByTestId('client-history').first().textContent();
    expect(history).toContain('mobile');
    expect(history).not.toContain('7700');
    // The form sends every field; only the one that changed is named.
    expect(history).not.toContain('givenName');
    expect(await axeViolations(admin.page)).toEqual([]);
    expect(await scriptRan(admin.page)).toBe(false);

    // The clinic's intake lists sit on its clinic page.
    await admin.page.goto(`${base}/admin/clinics`);
    await admin.page.getByRole('heading', { level: 3, name: 'Intake' }).waitFor();
    expect(
      await admin.page
        .getByLabel('Therapists may register clients and open their own cases')
        .isChecked(),
    ).toBe(true);
    expect(await axeViolations(admin.page)).toEqual([]);
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    // Therapist 1 opens a couple case with both.
    const { page, context, errors } = await onPhone(p.staff.therapist1.email);
    await page.goto(`${base}/cases/new`);
    await expect.poll(() => heading(page)).toBe('Open a case');
    await page.getByLabel('Type of case').selectOption('couple');
    await page.getByLabel('Relationship').check();
    await page.getByLabel(/^Member 1/).selectOption({ index: 1 });
    const options = await page
      .getByLabel(/^Member 1/)
      .locator('option')
      .allTextContents();
    expect(options.some((o) => o.includes(IMG))).toBe(true);
    await page.getByLabel('Relation of member 1').selectOption('partner');
    await page.getByRole('button', { name: 'Add a member' }).click();
    await page.getByLabel(/^Member 2/).selectOption({ index: 2 });
    await page.getByLabel('Relation of member 2').selectOption('partner');
    await page.getByLabel('Dr Rhea Moss').check();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.waitForURL(/\/case-records\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').at(-1)!;
    await expect.poll(() => heading(page)).toMatch(/^Case C-/);
    expect(await page.getByTestId('case-status').textContent()).toBe('Open');
    expect(await axeViolations(page)).toEqual([]);
    const members = await db
      .selectFrom('case_member')
      .select('relationship')
      .where('case_id', '=', caseId)
      .execute();
    expect(members.map((m) => m.relationship)).toEqual(['partner', 'partner']);

    // A session with an open link for one member.
    const client = await db
      .selectFrom('case_member')
      .select('client_id')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    const session = {
      id: randomUUID(),
      organizationId: p.practice.organization.id,
      caseId,
      number: 1,
      startsAt: '2026-12-01T10:00:00.000Z',
      endsAt: '2026-12-01T10:50:00.000Z',
      attendance: 'attended' as const,
      modality: 'in-person' as const,
      language: 'en',
      interpreterId: null,
    };
    await insertSessions(db, [sessionToRow(session, session.startsAt)]);
    const requestId = randomUUID();
    const token = questionnaireToken(SECRET, requestId);
    await insertRequests(db, [
      requestToRow(
        {
          id: requestId,
          organizationId: p.practice.organization.id,
          caseId,
          sessionId: session.id,
          respondentKind: 'client',
          clientId: client.client_id,
          staffUserId: null,
          instruments: ['wai-sr'],
          language: 'en',
          status: 'open',
          createdAt: new Date().toISOString(),
          expiresAt: '2099-01-01T00:00:00.000Z',
          completedAt: null,
        },
        hashQuestionnaireToken(token),
      ),
    ]);

    // Before closing, the link opens the forms.
    const early = await server.openPage({ viewport: { width: 390, height: 844 } });
    await early.page.goto(`${base}/q/${token}`);
    await early.page.getByRole('button').first().waitFor();
    expect(await heading(early.page)).not.toBe('This link is no longer available');
    await early.context.close();

    // Closed as "dropped out": the record says so, and the link gives the one calm page.
    await page.getByLabel('Reason').selectOption('dropped-out');
    await page.getByRole('button', { name: 'Close the case' }).click();
    await expect
      .poll(() => page.getByTestId('case-status').textContent())
      .toBe('Closed (dropped out)');
    await page.getByRole('button', { name: 'Reopen the case' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const visitor = await server.openPage({ viewport: { width: 390, height: 844 } });
    await visitor.page.goto(`${base}/q/${token}`);
    await expect.poll(() => heading(visitor.page)).toBe('This link is no longer available');
    await visitor.context.close();

    // The closed-cases list finds it by a member's name.
    await page.goto(`${base}/case-records`);
    await expect.poll(() => heading(page)).toBe('Closed cases');
    await page.getByLabel('Search by reference or name').fill(family);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('closed-case').count()).toBe(1);
    expect(await page.getByTestId('closed-case').textContent()).toContain(IMG);
    expect(await axeViolations(page)).toEqual([]);
    expect(await scriptRan(page)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
