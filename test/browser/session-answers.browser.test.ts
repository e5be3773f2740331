import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRequestsForSession } from '../../src/server/measurement/questionnaire-request.repository.ts';
import { recordAttendance } from '../../src/server/measurement/record-attendance.service.ts';
import { submitResponse } from '../../src/server/measurement/submit-response.service.ts';
import { createStaffWithPassword } from '../helpers/auth-client.ts';
import { browserAvailable } from '../helpers/browser.ts';
import {
  type BrowserServer,
  axeViolations,
  startBrowserServer,
} from '../helpers/browser-session.ts';
import { createTestCase, createTestPractice } from '../helpers/factories.ts';
import { everySession, insertTestPlan } from '../helpers/plan.fixture.ts';
import { waiAnswers } from '../helpers/questionnaire-fixture.ts';

const SECRET = 'session-answers-secret-0123456789-abcdef-01';
const PAYLOAD = '<img src=x onerror="window.__answersXss=1"><script>window.__answersXss=2</script>';

/**
 * A therapist reads what their client answered: from the case page to the session's answers
 * at phone width, the risk item first, the free text as the client wrote it and inert.
 */
describe.skipIf(!browserAvailable())("the therapist reads a client's answers in Chromium", () => {
  let server: BrowserServer;
  const clock = () => new Date();
  beforeAll(async () => {
    server = await startBrowserServer({ mode: 'password-only', clock, secret: SECRET });
  });
  afterAll(() => server?.close());

  it('opens the answers from the case page, risk first, free text as text; axe-clean at 360 px', async () => {
    const { db, base } = server;
    const practice = await createTestPractice(db);
    const orgId = practice.organization.id;
    const therapist = await createStaffWithPassword(db, practice);
    await insertTestPlan(db, practice, {
      name: 'Answers',
      entries: [everySession('wai-sr'), everySession('phq-9'), everySession('session-feedback')],
      effectiveFrom: '2020-01-01T00:00:00.000Z',
    });
    const made = await createTestCase(db, practice, therapist.id, { attendance: ['scheduled'] });
    const session = made.sessions[0]!;
    await recordAttendance(
      db,
      clock,
      SECRET,
      { organizationId: orgId, sessionId: session.id, attendance: 'attended' },
      { type: 'system', id: null },
    );
    const request = (await listRequestsForSession(db, orgId, session.id))[0]!;
    const submit = (instrumentId: string, answers: Record<string, unknown>) =>
      submitResponse(
        db,
        clock,
        {
          organizationId: orgId,
          requestId: request.id,
          submissionId: randomUUID(),
          instrumentId,
          answers,
        },
        { type: 'client', id: request.clientId! },
      );
    await submit('wai-sr', waiAnswers(4));
    await submit('phq-9', {
      '1': 1,
      '2': 1,
      '3': 0,
      '4': 1,
      '5': 0,
      '6': 0,
      '7': 0,
      '8': 0,
      '9': 1,
    });
    await submit('session-feedback', { '3': 0, '5': `Money is tight. ${PAYLOAD}` });

    const { page, context, errors } = await server.openAs(therapist.email, {
      viewport: { width: 360, height: 780 },
      timeout: 20_000,
    });
    await page.goto(`${base}/cases/${made.careCase.id}`);
    await page.getByRole('link', { name: 'Answers of session 1' }).click();
    await page.getByRole('heading', { name: 'Answers', level: 2 }).waitFor();
    const risks = page.getByTestId('answer-risks');
    await risks.waitFor();
    expect(await risks.innerText()).toMatch(/better off dead[\s\S]*Several days \(1\)/);
    expect(await page.getByTestId('answer-wai-sr-1').innerText()).toContain('Very Often (4)');
    expect(await page.getByTestId('answer-session-feedback-2').innerText()).toContain(
      'Not answered',
    );
    // The client's words as they wrote them: shown as text, never run.
    expect(await page.getByTestId('answer-session-feedback-5').innerText()).toContain(
      `Money is tight. ${PAYLOAD}`,
    );
    expect(await page.evaluate(() => (window as { __answersXss?: number }).__answersXss)).toBe(
      undefined,
    );
    expect(await page.locator('#answers img').count()).toBe(0);
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
