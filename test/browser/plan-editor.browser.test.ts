import type { APIRequestContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/demo/demo-password.ts';
import { browserAvailable } from '../helpers/browser.ts';
import { axeViolations } from '../helpers/browser-session.ts';
import { useDemoBrowserServer } from '../helpers/demo-browser-server.ts';

const POLL = { timeout: 15_000 };

interface Row {
  /** A session number, or the preview's own row for what closing the case asks. */
  session: number | 'end-of-care';
  respondent: string;
  instruments: string[];
}
const order = (r: Row) => (r.session === 'end-of-care' ? Infinity : r.session);
const byRow = (a: Row, b: Row) => order(a) - order(b) || a.respondent.localeCompare(b.respondent);

/** A staff API call from a signed-in browser context, with its CSRF token, as the app makes it. */
async function staffCall(request: APIRequestContext, base: string, url: string, data: unknown) {
  const session = (await (await request.get(`${base}/api/auth/session`)).json()) as {
    csrfToken: string;
  };
  const response = await request.post(`${base}${url}`, {
    data,
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(response.status(), `${url}: ${await response.text()}`).toBeLessThan(300);
  return (await response.json()) as { id: string };
}

/** The preview table's rows: session, respondent ("member 1", "therapist"), instrument ids. */
async function previewRows(page: Page): Promise<Row[]> {
  return page.getByTestId('plan-preview-table').evaluate((table) => {
    const rows: Row[] = [];
    for (const tr of table.querySelectorAll('tbody tr')) {
      const who = tr.querySelector('[data-testid="preview-respondent"]')!.textContent ?? '';
      const member = /Member (\d+)/.exec(who);
      const session = tr.getAttribute('data-session')!;
      rows.push({
        session: session === 'end-of-care' ? session : Number(session),
        respondent: member ? `member ${member[1]}` : 'therapist',
        instruments: [...tr.querySelectorAll('[data-instrument]')].map((e) =>
          e.getAttribute('data-instrument')!,
        ),
      });
    }
    return rows;
  });
}

/**
 * The plan versions on /admin/plans at 360 px: nothing wider than the screen, and each
 * version's name inside it and whole (on no more lines than it has words, where a squeezed
 * table column broke "Default plan" into a few letters a line).
 */
async function expectVersionsReadable(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    await page.evaluate(() => window.innerWidth),
  );
  const versions = page.getByTestId('plan-version');
  expect(await versions.count()).toBeGreaterThan(1);
  for (const heading of await versions.getByRole('heading', { level: 3 }).all()) {
    expect(await heading.isVisible()).toBe(true);
    const name = await heading.evaluate((h) => {
      const range = document.createRange();
      range.selectNodeContents(h);
      const box = range.getBoundingClientRect();
      return {
        text: h.textContent ?? '',
        left: box.left,
        right: box.right,
        lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size,
        viewport: window.innerWidth,
      };
    });
    expect(name.left, name.text).toBeGreaterThanOrEqual(0);
    expect(name.right, name.text).toBeLessThanOrEqual(name.viewport);
    expect(name.lines, name.text).toBeLessThanOrEqual(name.text.split(/\s+/).length);
  }
}

/**
 * Issue 19, item 2 on the demo practice: the admin builds the couples plan of the issue
 * with choice lists (WAI-SR from each member after every session, WHO-5 at sessions 1, 5
 * and 10, the therapist's rating after every session), reads the server's preview at 360 px
 * and publishes it, reads the list of versions there in English and Spanish; a new couple
 * case then gets, for sessions 1, 2 and 5, exactly the preview's rows.
 */
describe.skipIf(!browserAvailable())('the plan editor on the demo, in Chromium', () => {
  const demo = useDemoBrowserServer();

  it('builds a couples plan without JSON, previews it, publishes it, and a new case gets what the preview said', async () => {
    const { db, base } = demo.server;
    const clinic = demo.practice.clinics[0]!;
    const { context, page, errors } = await demo.server.openAs('admin@harmonybridge.example', {
      password: DEMO_PASSWORD,
      path: '/admin/plans',
      viewport: { width: 360, height: 740 },
      timeout: 20_000,
    });
    const editor = page.getByRole('region', { name: 'New plan version' });
    await editor.waitFor();
    await editor.getByLabel('Clinic').selectOption({ label: clinic.name });
    await editor.getByLabel('Case type').selectOption({ label: 'Couple' });
    // The rows start from the plan in force (the demo's default): remove them one by one.
    const rows = editor.getByTestId('plan-row');
    expect(await rows.count()).toBeGreaterThan(0);
    while ((await rows.count()) > 0)
      await editor.getByRole('button', { name: 'Remove form 1', exact: true }).click();

    const addRow = () => editor.getByRole('button', { name: 'Add a form' }).click();
    const row = (n: number) => editor.getByRole('group', { name: `Form ${n}`, exact: true });
    await addRow();
    // The obvious is checked in the page, next to the field.
    await editor.getByRole('button', { name: 'Preview sessions 1 to 10' }).click();
    await expect.poll(() => row(1).getByText('Choose a form.').count(), POLL).toBe(1);
    expect(await row(1).getByLabel('Form', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await row(1)
      .getByLabel('Form', { exact: true })
      .selectOption({ label: 'Working Alliance Inventory – Short Revised (WAI-SR), client' });
    await row(1).getByLabel('Who answers').selectOption({ label: 'Each client member' });
    await row(1).getByLabel('When').selectOption({ label: 'After every session' });
    await addRow();
    await row(2)
      .getByLabel('Form', { exact: true })
      .selectOption({ label: 'WHO-5 Well-Being Index' });
    await row(2).getByLabel('When').selectOption({ label: 'After particular sessions' });
    await row(2).getByLabel('Session numbers').fill('1, 5, x');
    await editor.getByRole('button', { name: 'Preview sessions 1 to 10' }).click();
    await expect
      .poll(() => row(2).getByText('Give session numbers from 1 up').count(), POLL)
      .toBe(1);
    await row(2).getByLabel('Session numbers').fill('1, 5, 10');
    await addRow();
    await row(3)
      .getByLabel('Form', { exact: true })
      .selectOption({ label: 'Therapist session rating (Rapport, non-standardised)' });
    await row(3).getByLabel('Who answers').selectOption({ label: 'The therapist' });
    // The WHO-5 once more, from each member when the case is closed.
    await addRow();
    await row(4)
      .getByLabel('Form', { exact: true })
      .selectOption({ label: 'WHO-5 Well-Being Index' });
    await row(4).getByLabel('When').selectOption({ label: 'At the end of care' });

    // The preview, for partners who read English and Spanish.
    await editor.getByLabel('Language of member 2').selectOption({ label: 'Spanish' });
    await editor.getByRole('button', { name: 'Preview sessions 1 to 10' }).click();
    const table = page.getByTestId('plan-preview-table');
    await table.waitFor(POLL);
    expect(await table.locator('caption').textContent()).toBe(
      'What each respondent is asked after sessions 1 to 10',
    );
    const preview = await previewRows(page);
    const expected: Row[] = [];
    for (let n = 1; n <= 10; n++) {
      const client = ['wai-sr', ...([1, 5, 10].includes(n) ? ['who-5'] : [])];
      expected.push(
        { session: n, respondent: 'member 1', instruments: client },
        { session: n, respondent: 'member 2', instruments: client },
        { session: n, respondent: 'therapist', instruments: ['therapist-session-rating'] },
      );
    }
    // The end of care is a row group of its own, after session 10, with only its forms.
    expected.push(
      { session: 'end-of-care', respondent: 'member 1', instruments: ['who-5'] },
      { session: 'end-of-care', respondent: 'member 2', instruments: ['who-5'] },
    );
    expect(preview).toEqual(expected);
    expect(
      await table
        .locator('tbody th[scope="rowgroup"]')
        .evaluateAll((ths) => ths.map((th) => th.textContent)),
    ).toEqual([...Array.from({ length: 10 }, (_, i) => String(i + 1)), 'At the end of care']);
    expect(
      await page.getByTestId('plan-preview').getByText('asked when the case is closed').count(),
    ).toBe(1);
    expect(await table.textContent()).toContain('about 1 minute');
    // WAI-SR and WHO-5 have no Spanish text: the preview says so for member 2.
    const warnings = await page
      .getByTestId('plan-preview-warnings')
      .locator('li')
      .allTextContents();
    expect(warnings).toEqual([
      'Working Alliance Inventory – Short Revised (WAI-SR), client has no text in Spanish (member 2): they would see it as published.',
      'WHO-5 Well-Being Index has no text in Spanish (member 2): they would see it as published.',
    ]);
    // No JSON anywhere on the page, nothing to type it into; phone-wide and axe-clean.
    expect(await page.locator('main').textContent()).not.toMatch(/JSON|instrumentId|"kind"/);
    expect(await page.locator('textarea').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    expect(await axeViolations(page)).toEqual([]);

    // Published under a name; the list shows the version.
    await editor.getByLabel('Name').fill('Couples after every session');
    await editor.getByRole('button', { name: 'Publish the new version' }).click();
    await expect.poll(() => editor.getByRole('status').textContent(), POLL).toContain('Published.');
    await page.getByRole('heading', { level: 3, name: 'Couples after every session' }).waitFor();
    await expectVersionsReadable(page);
    expect(await axeViolations(page)).toEqual([]);
    // In Spanish too: the editor's words and choices, still axe-clean at 360 px.
    await page.getByLabel('Language').first().selectOption('es');
    const editorEs = page.getByRole('region', { name: 'Nueva versión del plan' });
    await editorEs.getByRole('button', { name: 'Añadir un formulario' }).waitFor();
    expect(
      await editorEs.getByLabel('Cuándo').first().locator('option').allTextContents(),
    ).toContain('Después de cada sesión');
    await expectVersionsReadable(page);
    expect(await axeViolations(page)).toEqual([]);
    const plan = await db
      .selectFrom('measurement_plan')
      .select(['effective_from', 'case_type', 'clinic_id'])
      .where('name', '=', 'Couples after every session')
      .executeTakeFirstOrThrow();
    expect(plan).toMatchObject({ case_type: 'couple', clinic_id: clinic.id });

    // A new couple case, opened by the admin as the intake page does, for a therapist of the
    // clinic who takes part in no study (a study's forms would ride on the same requests).
    const therapist = await db
      .selectFrom('staff_user')
      .innerJoin('staff_role', 'staff_role.staff_user_id', 'staff_user.id')
      .select(['staff_user.id', 'staff_user.email'])
      .where('staff_role.clinic_id', '=', clinic.id)
      .where('staff_role.role', '=', 'therapist')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('study_participant')
              .select('study_participant.id')
              .whereRef('study_participant.staff_user_id', '=', 'staff_user.id'),
          ),
        ),
      )
      .orderBy('staff_user.email')
      .executeTakeFirstOrThrow();
    const people = [
      { givenName: 'Alba', familyName: 'Prueba', preferredLanguage: 'en' },
      { givenName: 'Bruno', familyName: 'Prueba', preferredLanguage: 'es' },
    ];
    const clientIds: string[] = [];
    for (const person of people)
      clientIds.push(
        (
          await staffCall(context.request, base, '/api/clients', {
            clinicId: clinic.id,
            ...person,
            birthYear: 1985,
          })
        ).id,
      );
    const careCase = await staffCall(context.request, base, '/api/case-records', {
      clinicId: clinic.id,
      caseType: 'couple',
      presentingConcerns: ['relationship'],
      members: clientIds.map((clientId) => ({ clientId, relation: 'partner' })),
      therapistIds: [therapist.id],
      startDate: new Date().toISOString().slice(0, 10),
    });
    await context.close();

    // Its therapist adds five sessions that begin after the plan took effect, and marks 1, 2
    // and 5 attended once they have begun.
    const t = await demo.server.openAs(therapist.email, { password: DEMO_PASSWORD });
    const from = Math.max(Date.parse(plan.effective_from), Date.now()) + 1000;
    const sessionIds: string[] = [];
    for (let n = 1; n <= 5; n++)
      sessionIds.push(
        (
          await staffCall(t.context.request, base, `/api/cases/${careCase.id}/sessions`, {
            startsAt: new Date(from + n * 100).toISOString(),
            endsAt: new Date(from + n * 100 + 50 * 60_000).toISOString(),
            modality: 'in-person',
            language: 'en',
          })
        ).id,
      );
    while (Date.now() < from + 600) await new Promise((r) => setTimeout(r, 100));
    for (const n of [1, 2, 5])
      await staffCall(t.context.request, base, `/api/sessions/${sessionIds[n - 1]}/attendance`, {
        attendance: 'attended',
      });
    await t.context.close();

    const requests = await db
      .selectFrom('questionnaire_request')
      .innerJoin('therapy_session', 'therapy_session.id', 'questionnaire_request.session_id')
      .select(['therapy_session.number', 'questionnaire_request.client_id', 'instruments'])
      .where('questionnaire_request.case_id', '=', careCase.id)
      .execute();
    const made = requests
      .map((r) => ({
        session: Number(r.number),
        respondent: r.client_id ? `member ${clientIds.indexOf(r.client_id) + 1}` : 'therapist',
        instruments: JSON.parse(r.instruments) as string[],
      }))
      .sort(byRow);
    // The end-of-care rows wait for the case to be closed.
    const asked = preview.filter(
      (r) => r.session !== 'end-of-care' && [1, 2, 5].includes(r.session),
    );
    expect(made).toEqual(asked.sort(byRow));
    expect(errors).toEqual([]);
  }, 240_000);
});
