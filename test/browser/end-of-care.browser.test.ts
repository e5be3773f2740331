import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanEntry } from '../../src/core/measurement/measurement-plan.ts';
import { questionnaireToken } from '../../src/server/measurement/questionnaire-link.ts';
import { TEST_INSTANCE_SECRET } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { everySession, insertTestPlan } from '../helpers/plan.fixture.ts';
import { answerByLink } from '../helpers/questionnaire-fixture.ts';
import { createRolePractice } from '../helpers/role-practice.ts';

const POLL = { timeout: 15_000 };

/** The WAI-SR after every session, the WHO-5 when the case is closed (issue 19, item 2). */
const plan: PlanEntry[] = [
  everySession('wai-sr'),
  { instrumentId: 'who-5', respondent: 'client-member', schedule: { kind: 'end-of-care' } },
];

/** Each listed form's text and whether it carries the end-of-care badge. */
const formsOf = (list: Locator) =>
  list.locator('li').evaluateAll((items) =>
    items.map((li) => ({
      text: (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
      endOfCare: li.querySelector('[data-testid="end-of-care"]')?.textContent ?? null,
    })),
  );

describe.skipIf(!browserAvailable())('end-of-care requests, labelled, in Chromium', () => {
  let server: BrowserServer;
  beforeAll(async () => {
    server = await startBrowserServer({
      mode: 'password-only',
      clock: () => new Date(),
      secret: TEST_INSTANCE_SECRET,
    });
  });
  afterAll(() => server?.close());

  it('the therapist closes a case and tells its end-of-care form from the session’s own, in English and Spanish', async () => {
    const { base, db } = server;
    const p = await createRolePractice(db);
    await insertTestPlan(db, p.practice, { entries: plan });
    const { careCase, sessions } = p.case1;
    const last = sessions[2]!.id;
    const { page, context, errors } = await server.openAs(p.staff.therapist1.email, {
      path: `/sessions/${last}`,
      viewport: { width: 360, height: 740 },
      timeout: 20_000,
    });

    // Session 3 took place: its own WAI-SR is asked.
    await page
      .getByRole('group', { name: 'Did the session take place?' })
      .getByLabel('Attended')
      .check();
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await expect
      .poll(
        () =>
          db
            .selectFrom('questionnaire_request')
            .select('id')
            .where('session_id', '=', last)
            .execute(),
        POLL,
      )
      .toHaveLength(1);

    // The therapist closes the case from its record: the WHO-5 is asked against session 3.
    await page.goto(`${base}/case-records/${careCase.id}`);
    await page.getByLabel('Reason').selectOption('completed');
    await page.getByRole('button', { name: 'Close the case' }).click();
    await page.getByText('Closed (completed)').waitFor(POLL);

    // On the case page, session 3 lists both forms, the end-of-care one labelled.
    await page.goto(`${base}/cases/${careCase.id}`);
    const row = page.getByTestId('session-row').first();
    await row.waitFor(POLL);
    expect(await row.locator('th').textContent()).toContain('3');
    const forms = await formsOf(row.locator('.form-list'));
    expect(forms).toHaveLength(2);
    expect(forms.find((f) => f.text.includes('who-5'))).toEqual({
      text: expect.stringMatching(/^End of care Client1 \S+: who-5 — open$/),
      endOfCare: 'End of care',
    });
    expect(forms.find((f) => f.text.includes('wai-sr'))?.endOfCare).toBeNull();
    // Earlier sessions asked nothing at the end of care.
    expect(await page.getByTestId('end-of-care').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );

    // The session page says the same in its list of requests.
    await page.goto(`${base}/sessions/${last}`);
    const requests = page.locator('.session-requests');
    await requests.waitFor(POLL);
    const listed = await formsOf(requests);
    expect(listed.filter((r) => r.endOfCare !== null)).toHaveLength(1);
    expect(listed.find((r) => r.text.includes('who-5'))?.endOfCare).toBe('End of care');
    expect(listed.find((r) => r.text.includes('wai-sr'))?.endOfCare).toBeNull();

    // The client answers it by the link; the answer is shown as the end-of-care form.
    const request = await db
      .selectFrom('questionnaire_request')
      .select('id')
      .where('case_id', '=', careCase.id)
      .where('occasion', '=', 'end-of-care')
      .executeTakeFirstOrThrow();
    await answerByLink(server.app, questionnaireToken(TEST_INSTANCE_SECRET, request.id), [
      { instrumentId: 'who-5', answers: { 1: 3, 2: 3, 3: 4, 4: 2, 5: 3 } },
    ]);
    await page.reload();
    const answers = page.locator('#answers article');
    await answers.first().waitFor(POLL);
    expect(await answers.getByRole('heading').allTextContents()).toEqual([
      'End of care WHO-5 Well-Being Index · Client1',
    ]);
    expect(await axeViolations(page)).toEqual([]);

    // In Spanish, in the plan editor's words ("Al final de la atención").
    await page.getByLabel('Language').first().selectOption('es');
    await page.getByRole('heading', { name: 'Formularios de esta sesión' }).waitFor(POLL);
    expect(await requests.getByTestId('end-of-care').allTextContents()).toEqual([
      'Fin de la atención',
    ]);
    expect(await answers.getByTestId('end-of-care').allTextContents()).toEqual([
      'Fin de la atención',
    ]);
    await page.goto(`${base}/cases/${careCase.id}`);
    const rowEs = page.getByTestId('session-row').first();
    await rowEs.waitFor(POLL);
    const formsEs = await formsOf(rowEs.locator('.form-list'));
    expect(formsEs.find((f) => f.text.includes('who-5'))).toEqual({
      text: expect.stringMatching(/^Fin de la atención Client1 \S+: who-5 — completado$/),
      endOfCare: 'Fin de la atención',
    });
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
