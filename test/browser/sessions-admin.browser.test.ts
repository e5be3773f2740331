import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../src/core/api/audit-vocabulary.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createRolePractice } from '../helpers/role-practice.ts';
import { insertTestPlan } from '../helpers/plan.fixture.ts';

/** Markup that runs script if a page ever renders text as HTML. */
const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=1</script>';

const scriptRan = (page: Page) =>
  page.evaluate(() => (window as unknown as { __xss?: number }).__xss !== undefined);

describe.skipIf(!browserAvailable())('sessions and administration in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({
      mode: 'password-only',
      secret: 'browser-secret-0123456789-0123456789-abcdef',
    });
  });
  afterAll(() => server?.close());

  /** A phone-sized browser, signed in; every page error (and any dialog) is kept. */
  const signedInPage = (email: string) =>
    server.openAs(email, {
      viewport: { width: 320, height: 800 },
      timeout: 20_000,
      failOnDialog: true,
    });

  it('a therapist books a session, records attendance and shares a reflection; no script runs', async () => {
    const { db, base } = server;
    const p = await createRolePractice(db);
    // Free text the pages render: the case reference and the interpreter's name.
    await db
      .updateTable('care_case')
      .set({ reference: `R-${IMG}` })
      .where('id', '=', p.case1.careCase.id)
      .execute();
    await db
      .updateTable('interpreter')
      .set({ display_name: `Ana ${SCRIPT}` })
      .where('id', '=', p.interpreter.id)
      .execute();
    const { page, context, errors } = await signedInPage(p.staff.therapist1.email);

    await page.goto(`${base}/cases/${p.case1.careCase.id}/sessions/new`);
    await page.getByRole('heading', { level: 1, name: 'New session' }).waitFor();
    await expect
      .poll(() => page.getByText(`Case R-${IMG}`, { exact: true }).isVisible())
      .toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Starts').fill('2026-12-01T10:00');
    await page.getByLabel('Ends').fill('2026-12-01T10:50');
    await page.getByLabel('How').selectOption('video');
    // The language is a choice list named in the page's language, not a code to type.
    const language = page.getByLabel('Language of the session');
    expect(await language.evaluate((e) => e.tagName)).toBe('SELECT');
    expect(await language.locator('option[value="es"]').textContent()).toBe('Spanish');
    await language.selectOption('es');
    await page.getByLabel('Interpreter').selectOption({ label: `Ana ${SCRIPT} (es, en)` });
    await page.getByRole('button', { name: 'Add the session' }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]{36}$/);
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent()).toBe(`Session 4 · case R-${IMG}`);
    // 10:00 in London in December is 10:00 UTC.
    const sessionId = page.url().split('/').at(-1)!;
    const stored = await db
      .selectFrom('therapy_session')
      .select(['starts_at', 'language', 'interpreter_id'])
      .where('id', '=', sessionId)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      starts_at: '2026-12-01T10:00:00.000Z',
      language: 'es',
      interpreter_id: p.interpreter.id,
    });
    await expect
      .poll(() => page.getByText(`Ana ${SCRIPT}`, { exact: true }).isVisible())
      .toBe(true);

    await page.getByRole('radio', { name: 'Attended' }).check();
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await expect.poll(() => page.getByTestId('attendance').textContent()).toBe('Attended');

    const reflection = `Noticed my impatience ${IMG} ${SCRIPT}`;
    await page.getByLabel('Reflection on this session').fill(reflection);
    await page.getByLabel('Share with my supervisor').check();
    await page.getByRole('button', { name: 'Save the reflection' }).click();
    await expect
      .poll(() => page.getByText('Your reflection has been saved.').isVisible())
      .toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    expect(await scriptRan(page)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();

    // The supervisor reads the shared reflection as text.
    const sup = await signedInPage(p.staff.supervisor.email);
    await sup.page.goto(`${base}/sessions/${sessionId}`);
    await sup.page.getByRole('heading', { name: 'Reflections shared with you' }).waitFor();
    await expect.poll(() => sup.page.getByText(reflection, { exact: true }).isVisible()).toBe(true);
    expect(await sup.page.getByRole('button', { name: 'Save attendance' }).count()).toBe(0);
    expect(await axeViolations(sup.page)).toEqual([]);
    expect(await scriptRan(sup.page)).toBe(false);
    expect(sup.errors).toEqual([]);
    await sup.context.close();
  }, 90_000);

  it('an admin runs clinics, staff, plans and the audit trail; no script runs', async () => {
    const { db, base } = server;
    const p = await createRolePractice(db);
    await db
      .updateTable('clinic')
      .set({ name: `Clinic ${IMG}` })
      .where('id', '=', p.practice.clinic.id)
      .execute();
    await insertTestPlan(db, p.practice, { name: `Plan ${SCRIPT}` });
    const { page, context, errors } = await signedInPage(p.staff.admin.email);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('link', { name: 'Clinics' }).click();
    await page.getByRole('heading', { level: 2, name: `Clinic ${IMG}` }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // The time zone is picked from the IANA list, not typed.
    const zone = page.getByLabel('Time zone').first();
    expect(await zone.evaluate((e) => e.tagName)).toBe('SELECT');
    await zone.selectOption('America/Mexico_City');
    await page.getByRole('button', { name: 'Save the clinic' }).click();
    await expect
      .poll(() =>
        db
          .selectFrom('clinic')
          .select('time_zone')
          .where('id', '=', p.practice.clinic.id)
          .executeTakeFirst(),
      )
      .toEqual({ time_zone: 'America/Mexico_City' });
    const notice = page.getByLabel('What clients read before their first questionnaire');
    await notice.fill(`We keep your answers safe. ${SCRIPT}`);
    await page.getByRole('button', { name: 'Save the notice' }).click();
    await expect.poll(() => page.getByText('Saved.').count()).toBeGreaterThan(0);

    await page.goto(`${base}/admin/staff`);
    await page.getByRole('heading', { level: 1, name: 'Staff and roles' }).waitFor();
    await page
      .getByRole('region', { name: 'Add a staff member' })
      .getByLabel('Name')
      .fill(`Eve ${SCRIPT}`);
    await page
      .getByRole('region', { name: 'Add a staff member' })
      .getByLabel('E-mail address')
      .fill(`eve-${randomUUID().slice(0, 8)}@test.example`);
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.getByRole('rowheader', { name: `Eve ${SCRIPT}` }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${base}/admin/plans`);
    await page.getByRole('heading', { level: 3, name: `Plan ${SCRIPT}` }).waitFor();
    await page
      .getByRole('region', { name: 'New plan version' })
      .getByLabel('Name')
      .fill(`Next ${IMG}`);
    await page.getByRole('button', { name: 'Publish the new version' }).click();
    await page.getByRole('heading', { level: 3, name: `Next ${IMG}` }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${base}/admin/audit`);
    // The filters are choice lists of the audit vocabulary, not free text.
    const action = page.getByRole('combobox', { name: 'Action' });
    const entity = page.getByRole('combobox', { name: 'Record' });
    expect(await action.locator('option').count()).toBe(AUDIT_ACTIONS.length + 1);
    expect(await entity.locator('option').allTextContents()).toEqual([
      'Any record',
      ...AUDIT_ENTITY_TYPES,
    ]);
    await action.selectOption('staff.create');
    await entity.selectOption('staff_user');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('cell', { name: 'staff.create' }).first().waitFor();
    await entity.selectOption('care_case');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('status').filter({ hasText: 'No events match.' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await scriptRan(page)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
